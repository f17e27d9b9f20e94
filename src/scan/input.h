/*
 * input.h: the bytes of one data file, decompressed when it must be.
 *
 * input_open() looks at the first bytes: gzip (1f 8b) and zstd
 * (28 b5 2f fd) streams are decompressed, anything else is read as it
 * is.  A truncated or corrupt stream fails with a message naming the
 * file.  input_files() expands a source path that is a directory (its
 * regular files, sorted, hidden ones left out) or a glob into the list of
 * partition files read as one source.
 *
 * A compressed file is decompressed on a thread of its own when the
 * machine has a second core (RSO_THREADS=1 keeps it on the caller's).
 *
 * An input owns its file, buffers and thread; input_close() stops and
 * frees them (NULL is fine).  The list from input_files() is the caller's to
 * free with input_files_free().
 */
#ifndef RSO_INPUT_H
#define RSO_INPUT_H

#include <stddef.h>

enum input_codec { INPUT_PLAIN, INPUT_GZIP, INPUT_ZSTD };

struct rso_input;

/* Returns 0, or RSO_EDATA ("cannot open 'x': ..."). */
int input_open(struct rso_input **out, const char *path);

enum input_codec input_codec(const struct rso_input *in);

/*
 * Read up to cap bytes into buf.  Sets *got (0 only at the end of the
 * input).  Returns 0, or RSO_EDATA on a read error or a broken stream.
 */
int input_read(struct rso_input *in, char *buf, size_t cap, size_t *got);

/*
 * Go on reading a plain input at byte offset of its file.  Returns 0, or
 * -1 for a compressed input or a failed seek (the input is unchanged).
 */
int input_seek(struct rso_input *in, long long offset);

void input_close(struct rso_input *in);

/*
 * The files of a source path: the file itself, a directory's files, or a
 * glob's matches, sorted.  Returns 0 with at least one file, or RSO_EDATA
 * when nothing matches.
 */
int input_files(const char *path, char ***out, size_t *n);
void input_files_free(char **files, size_t n);

#endif
