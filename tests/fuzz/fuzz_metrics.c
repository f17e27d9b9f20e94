/*
 * libFuzzer target: any bytes as a metrics JSON document, looked up by a
 * path taken from the input's first line.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check/metrics.h"
#include "util/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    const char *nl = memchr(text, '\n', size);
    char path[128] = "a.b";
    double v;

    if (nl && (size_t)(nl - text) < sizeof(path)) {
        memcpy(path, text, (size_t)(nl - text));
        path[nl - text] = '\0';
        size -= (size_t)(nl - text) + 1;
        text = nl + 1;
    }
    if (metrics_lookup("fuzz.json", text, size, path, &v) < 0 &&
        !rso_errmsg()[0])
        abort();
    return 0;
}
