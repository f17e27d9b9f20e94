/*
 * pq.h: libpq, loaded when a history store at a postgresql:// URL is
 * first opened.
 *
 * libpq brings TLS, Kerberos and LDAP libraries whose loading cost every
 * command about 4 ms at start, though only runs that share a history
 * through PostgreSQL use it.  The table holds one pointer per function,
 * typed from <libpq-fe.h>, so a call reads pq->PQexec(...).
 */
#ifndef RSO_PQ_H
#define RSO_PQ_H

#include <libpq-fe.h>

#define PQ_FUNCTIONS(X)                                                        \
    X(PQconnectdbParams)                                                       \
    X(PQstatus)                                                                \
    X(PQerrorMessage)                                                          \
    X(PQsetNoticeProcessor)                                                    \
    X(PQfinish)                                                                \
    X(PQexec)                                                                  \
    X(PQexecParams)                                                            \
    X(PQprepare)                                                               \
    X(PQexecPrepared)                                                          \
    X(PQresultStatus)                                                          \
    X(PQresultErrorMessage)                                                    \
    X(PQntuples)                                                               \
    X(PQnfields)                                                               \
    X(PQgetvalue)                                                              \
    X(PQgetisnull)                                                             \
    X(PQcmdTuples)                                                             \
    X(PQclear)

struct pq_api {
#define PQ_POINTER(name) __typeof__(name) *name;
    PQ_FUNCTIONS(PQ_POINTER)
#undef PQ_POINTER
};

/*
 * The loaded API, or NULL after recording (rso_fail, RSO_EDATA) why
 * libpq could not be loaded.  Loaded once; never unloaded.
 */
const struct pq_api *pq_api(void);

#endif
