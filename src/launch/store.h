/*
 * store.h: the saved launch model.
 *
 * A model folder (launches.model_dir, by default
 * .recsysops/launch-model beside the config) holds model.ubj (XGBoost's
 * own format) and meta.json: the fingerprint of the training data and
 * settings, the feature map, the number of rows fitted on and the
 * calibration residuals.  A saved model is reused only while its
 * fingerprint matches: the history's bytes, the settings the model
 * depends on and the features' names.
 */
#ifndef RSO_LAUNCH_STORE_H
#define RSO_LAUNCH_STORE_H

struct launch_forecast;

/*
 * Load the saved model into f when its fingerprint (f->fingerprint) and
 * feature map (f->map) match.  Returns 0 when f now holds the model and
 * its residuals, or RSO_EDATA saying why it could not be reused (missing,
 * stale, unreadable); f is unchanged then.
 */
int store_load(struct launch_forecast *f);

/* Save f's model and meta.json; RSO_EIO or RSO_EDATA on failure. */
int store_save(const struct launch_forecast *f);

#endif
