/* bp-csv.h: a streaming RFC 4180 reader.
 *
 * Reads a CSV file in chunks and hands out one record at a time, with the
 * line and column each field started on so that every later error can
 * point at the cell. It detects the delimiter (, ; tab |), a header row and
 * a decimal comma from a sample at the start of the file; each can be
 * forced instead. Quoted fields may hold delimiters, doubled quotes and
 * newlines; CRLF, LF and lone CR all end a line; a UTF-8 BOM is skipped;
 * blank lines are skipped; a missing final newline is fine.
 *
 * Malformed input is a GError in BP_ENGINE_ERROR whose message starts with
 * "FILE:LINE:COL: ". Columns count characters, from 1.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  BP_TRISTATE_AUTO = 0,
  BP_TRISTATE_NO,
  BP_TRISTATE_YES,
} BpTristate;

typedef struct {
  char       delimiter;      /* 0: detect */
  BpTristate header;
  BpTristate decimal_comma;  /* numbers written as 1,5 (needs a delimiter other than ,) */
  gsize      chunk_size;     /* bytes per read; 0: 1 MiB. Tests use tiny chunks. */
} BpCsvOptions;

typedef struct {
  char     delimiter;
  gboolean header;
  gboolean decimal_comma;
  gboolean bom;
} BpCsvDialect;

/* One record. The pointers stay valid until the next call to
 * bp_csv_reader_next(); every field is NUL-terminated. */
typedef struct {
  gsize         n_fields;
  const char  **fields;
  const gsize  *lengths;
  const guint  *columns;   /* column where each field starts */
  guint64       line;      /* line the record starts on */
  guint         end_column;/* column just past the record's last character */
} BpCsvRecord;

typedef struct _BpCsvReader BpCsvReader;

BpCsvReader        *bp_csv_reader_new_for_path  (const char          *path,
                                                 const BpCsvOptions  *options,
                                                 GError             **error);
BpCsvReader        *bp_csv_reader_new_for_data  (const char          *name,
                                                 const char          *data,
                                                 gsize                length,
                                                 const BpCsvOptions  *options,
                                                 GError             **error);
void                bp_csv_reader_free          (BpCsvReader         *reader);

const BpCsvDialect *bp_csv_reader_get_dialect   (BpCsvReader         *reader);
const char         *bp_csv_reader_get_name      (BpCsvReader         *reader);
/* Returns FALSE at the end of the input (error unset) or on an error. */
gboolean            bp_csv_reader_next          (BpCsvReader         *reader,
                                                 BpCsvRecord         *record,
                                                 GError             **error);
guint64             bp_csv_reader_get_bytes_read (BpCsvReader        *reader);
guint64             bp_csv_reader_get_size      (BpCsvReader         *reader);
/* Line and column where the reader stands now (for errors about the input). */
guint64             bp_csv_reader_get_line      (BpCsvReader         *reader);

/* Locale-independent number parsing: the whole text (surrounding spaces
 * allowed) must be one decimal number, optionally with a decimal comma.
 * "inf", "nan" and hex are not numbers here. A number too large for a
 * double (1e309) is not one either, but *out is then ±infinity. */
gboolean            bp_csv_parse_number         (const char          *text,
                                                 gsize                length,
                                                 gboolean             decimal_comma,
                                                 double              *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BpCsvReader, bp_csv_reader_free)

G_END_DECLS
