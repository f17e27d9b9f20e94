/*
 * libFuzzer target: any bytes as recsysops.yml.  The loader must return
 * 0 or a code with a message, never crash or leak.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "config/config.h"
#include "util/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    struct rso_config *cfg = NULL;
    FILE *f;

    if (!path[0])
        snprintf(path, sizeof(path), "/tmp/rso-fuzz-%d.yml", (int)getpid());
    f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    if (config_load(&cfg, path) == 0)
        config_free(cfg);
    else if (!rso_errmsg()[0])
        abort(); /* a failure must always say why */
    return 0;
}
