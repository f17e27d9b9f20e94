/*
 * config.h: the version-1 config (recsysops.yml) as typed structures.
 *
 * config_load() reads the file with libyaml and checks everything that can
 * be checked without reading data: keys, types, durations, percentages,
 * duplicate ids, unknown sources, one kind per check, and the kind's own
 * keys (through its parse function).  Every value that a message or a
 * report may point at keeps its ynode, so its file, line and column.
 *
 * The config owns its YAML document, sources and checks; config_free()
 * releases them all, and each check's spec through its kind.
 */
#ifndef RSO_CONFIG_H
#define RSO_CONFIG_H

#include <stddef.h>

#include "yaml/ydoc.h"

struct rso_kind;

enum rso_severity { RSO_BLOCK, RSO_WARN };

/* Readers recognised by extension (and by content where it must). */
enum rso_format {
    RSO_FMT_AUTO,
    RSO_FMT_CSV,
    RSO_FMT_TSV,
    RSO_FMT_JSONL,
    RSO_FMT_JSON /* one document: metrics files */
};

/* Declared column types (source key 'types'). */
enum rso_type {
    RSO_TYPE_AUTO,
    RSO_TYPE_INT,
    RSO_TYPE_FLOAT,
    RSO_TYPE_STRING,
    RSO_TYPE_BOOL,
    RSO_TYPE_TIMESTAMP
};

struct rso_source {
    const char *name;
    const char *path; /* as written, relative to the config's folder */
    char *resolved;   /* path joined to the config's folder */
    enum rso_format format;
    const char *time;         /* column of event times, or NULL */
    const char *key;          /* key column, or NULL */
    char delimiter;           /* 0 for the format's default */
    const char **null_values; /* NULL-terminated, or NULL for defaults */
    int skip_bad_rows;        /* on_bad_row: skip */
    long long max_bad_rows;
    const struct ynode *node;
    const char **type_cols; /* columns with a declared type */
    enum rso_type *types;   /* their types */
    size_t n_types;
};

/* "int", "float"... for a type; and back (-1 for an unknown name). */
const char *rso_type_name(enum rso_type t);
int rso_type_parse(const char *name);

struct rso_check {
    const struct rso_config *cfg; /* the config holding the check */
    const char *id;
    const struct rso_kind *kind;
    struct rso_source *source; /* NULL for kinds that need none */
    enum rso_severity severity;
    const char **hotfix; /* NULL-terminated ids, may be NULL */
    const char **tags;   /* NULL-terminated, may be NULL */
    const char *owner;
    const struct ynode *node;      /* the check's mapping */
    const struct ynode *spec_node; /* the kind's value */
    void *spec;                    /* the kind's parsed spec */
    int selected;                  /* after --only/--skip */
};

struct rso_config {
    struct ydoc *doc;
    char *path; /* the config file as opened */
    char *dir;  /* its folder, "." when none */
    const char *project;
    const char *baseline;         /* git ref, or NULL */
    const char *history;          /* SQLite path or postgresql:// URL */
    const char *hotfixes;         /* the team's menu file, or NULL */
    const struct ynode *launches; /* the launches: mapping, or NULL */
    struct rso_source *sources;
    size_t n_sources;
    struct rso_check *checks;
    size_t n_checks;
};

/*
 * Load and check the config at path.  Returns 0 and sets *out, or
 * RSO_EUSAGE with one positioned message.
 */
int config_load(struct rso_config **out, const char *path);
void config_free(struct rso_config *cfg);

/*
 * Find the config: path itself when given, else recsysops.yml in the
 * current folder or the nearest parent up to the repository root (a
 * folder holding .git).  Appends the path found to out, or returns
 * RSO_EUSAGE.
 */
struct rso_buf;
int config_find(const char *path, struct rso_buf *out);

struct rso_source *config_source(const struct rso_config *cfg,
                                 const char *name);
struct rso_check *config_check(const struct rso_config *cfg, const char *id);

/* The reader a path's extension implies (looking past .gz and .zst). */
enum rso_format config_format_of(const char *path);

/* Join a path from the config to the config's folder; caller frees. */
char *config_path(const struct rso_config *cfg, const char *path);

/*
 * Mark checks selected by --only and --skip: each pattern is a check id,
 * a kind, or a tag, and may be a glob.  With no --only every check is
 * selected; --skip wins over --only.
 */
void config_select(struct rso_config *cfg, const char *const *only,
                   const char *const *skip);

const char *severity_name(enum rso_severity s);

#endif
