/*
 * libFuzzer target: any bytes as recsysops.yml.  The loader must return
 * 0 or a code with a message, never crash or leak.
 */
#include <stdint.h>
#include <stdlib.h>

#include "config/config.h"
#include "fuzz_file.h"
#include "util/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_file(".yml", data, size);
    struct rso_config *cfg = NULL;

    if (!path)
        return 0;
    if (config_load(&cfg, path) == 0)
        config_free(cfg);
    else if (!rso_errmsg()[0])
        abort(); /* a failure must always say why */
    return 0;
}
