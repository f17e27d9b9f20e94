#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/atomic.h"
#include "util/err.h"
#include "util/mem.h"

int atomic_mkdirs(const char *dir)
{
    char *p = xstrdup(dir);
    int rc = 0;

    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0777) < 0 && errno != EEXIST) {
            rc = rso_fail(RSO_EIO, "cannot create folder '%s': %s", p,
                          strerror(errno));
            break;
        }
        *s = '/';
    }
    if (rc == 0 && mkdir(p, 0777) < 0 && errno != EEXIST)
        rc = rso_fail(RSO_EIO, "cannot create folder '%s': %s", p,
                      strerror(errno));
    free(p);
    return rc;
}

int atomic_write(const char *path, const char *data, size_t len)
{
    const char *slash = strrchr(path, '/');
    char *tmp;
    int fd, rc = 0;
    size_t done = 0;

    if (slash && slash != path) {
        char *dir = xstrndup(path, (size_t)(slash - path));

        rc = atomic_mkdirs(dir);
        free(dir);
        if (rc)
            return rc;
    }
    tmp = xmalloc(strlen(path) + 16);
    sprintf(tmp, "%s.tmp.XXXXXX", path);
    fd = mkstemp(tmp);
    if (fd < 0) {
        rc = rso_fail(RSO_EIO, "cannot write '%s': %s", path, strerror(errno));
        free(tmp);
        return rc;
    }
    while (done < len) {
        ssize_t n = write(fd, data + done, len - done);

        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            rc = rso_fail(RSO_EIO, "cannot write '%s': %s", path,
                          strerror(n < 0 ? errno : ENOSPC));
            break;
        }
        done += (size_t)n;
    }
    if (rc == 0 && fsync(fd) < 0 && errno != EINVAL)
        rc = rso_fail(RSO_EIO, "cannot flush '%s': %s", path, strerror(errno));
    {
        mode_t mask = umask(0);

        umask(mask);
        fchmod(fd, 0666 & ~mask);
    }
    if (close(fd) < 0 && rc == 0)
        rc = rso_fail(RSO_EIO, "cannot close '%s': %s", path, strerror(errno));
    if (rc == 0 && rename(tmp, path) < 0)
        rc = rso_fail(RSO_EIO, "cannot rename into '%s': %s", path,
                      strerror(errno));
    if (rc)
        unlink(tmp);
    free(tmp);
    return rc;
}
