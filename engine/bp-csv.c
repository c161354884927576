#include "bp-csv.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>

#include "bp-error.h"
#include "bp-open.h"

#define DEFAULT_CHUNK_SIZE (1u << 20)
#define SNIFF_BYTES        (64u << 10)
#define SNIFF_RECORDS      50
#define SNIFF_MAX_BYTES    (64u << 20)   /* the sample grows to two records, up to this */

typedef enum {
  STATE_FIELD_START,
  STATE_UNQUOTED,
  STATE_QUOTED,
  STATE_QUOTE_IN_QUOTED,
} State;

struct _BpCsvReader {
  char         *name;
  FILE         *file;
  BpCsvDialect  dialect;

  /* Input window: either a chunk of the file or the caller's whole buffer. */
  char         *chunk;        /* owned chunk buffer, NULL for in-memory input */
  const char   *buf;
  gsize         buf_len;
  gsize         pos;
  gsize         chunk_size;
  guint64       buf_offset;   /* file offset of buf[0] */
  guint64       size;
  struct timespec mtime;      /* of the file when it was opened */
  gboolean      eof;

  guint64       line;
  guint         column;
  gboolean      pending_cr;   /* a CR ended the last line; swallow one LF */

  /* The record being built: field bytes, each NUL-terminated. */
  char         *text;
  gsize         text_len;
  gsize         text_cap;
  gsize         n_fields;
  gsize         fields_cap;
  gsize        *offsets;
  gsize        *lengths;
  guint        *columns;
  const char  **fields;
  gboolean      field_high;   /* the open field has bytes >= 0x80 */

  /* Bytes that end an unquoted run: the delimiter, CR, LF and NUL. */
  guint8        stops[256];
};

static void
set_error_at (BpCsvReader *reader,
              GError     **error,
              BpEngineError code,
              guint64      line,
              guint        column,
              const char  *format,
              ...) G_GNUC_PRINTF (6, 7);

static void
set_error_at (BpCsvReader *reader,
              GError     **error,
              BpEngineError code,
              guint64      line,
              guint        column,
              const char  *format,
              ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, BP_ENGINE_ERROR, code, "%s:%" G_GUINT64_FORMAT ":%u: %s",
               reader->name, line, column, what);
}

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t';
}

gboolean
bp_csv_parse_number (const char *text,
                     gsize       length,
                     gboolean    decimal_comma,
                     double     *out)
{
  static const double powers[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
  };
  const char *p = text;
  const char *end = text + length;
  const char point = decimal_comma ? ',' : '.';

  if (G_UNLIKELY (p == end || is_space (*p) || is_space (end[-1])))
    {
      while (p < end && is_space (*p))
        p++;
      while (end > p && is_space (end[-1]))
        end--;
      if (p == end)
        return FALSE;
    }

  const char *start = p;
  gboolean negative = FALSE;
  if (*p == '+' || *p == '-')
    negative = (*p++ == '-');

  guint64 mantissa = 0;
  int exponent = 0;
  gboolean any_digit;
  gboolean truncated = FALSE;

  /* Most numbers have at most 19 digits, which a guint64 holds exactly:
   * take them without counting significant digits on the way. */
  const char *digits_start = p;
  for (; p < end && (guint) (*p - '0') < 10; p++)
    mantissa = mantissa * 10 + (guint64) (*p - '0');
  gsize n_digits = (gsize) (p - digits_start);
  if (p < end && *p == point)
    {
      const char *fraction = ++p;
      for (; p < end && (guint) (*p - '0') < 10; p++)
        mantissa = mantissa * 10 + (guint64) (*p - '0');
      exponent = -(int) (p - fraction);
      n_digits += (gsize) (p - fraction);
    }
  any_digit = n_digits > 0;

  if (G_UNLIKELY (n_digits > 19))
    {
      /* Keep the first 19 significant digits and scale by the rest. */
      p = digits_start;
      mantissa = 0;
      exponent = 0;
      int digits = 0;        /* significant digits kept in mantissa */
      for (; p < end && g_ascii_isdigit (*p); p++)
        {
          if (digits < 19)
            {
              mantissa = mantissa * 10 + (guint64) (*p - '0');
              if (mantissa != 0)
                digits++;
            }
          else
            {
              exponent++;
              truncated = TRUE;
            }
        }
      if (p < end && *p == point)
        {
          p++;
          for (; p < end && g_ascii_isdigit (*p); p++)
            {
              if (digits < 19)
                {
                  mantissa = mantissa * 10 + (guint64) (*p - '0');
                  if (mantissa != 0)
                    digits++;
                  exponent--;
                }
              else
                truncated = TRUE;
            }
        }
    }
  if (!any_digit)
    return FALSE;

  if (p < end && (*p == 'e' || *p == 'E'))
    {
      p++;
      gboolean exp_negative = FALSE;
      if (p < end && (*p == '+' || *p == '-'))
        exp_negative = (*p++ == '-');
      if (p == end || !g_ascii_isdigit (*p))
        return FALSE;
      int e = 0;
      for (; p < end && g_ascii_isdigit (*p); p++)
        if (e < 100000)
          e = e * 10 + (*p - '0');
      exponent += exp_negative ? -e : e;
    }
  if (p != end)
    return FALSE;

  /* Clinger's fast path: both operands are exact doubles, so one IEEE
   * operation gives the correctly rounded result. */
  if (!truncated && mantissa <= (G_GUINT64_CONSTANT (1) << 53) &&
      exponent >= -22 && exponent <= 22)
    {
      double value = (double) mantissa;
      value = exponent < 0 ? value / powers[-exponent] : value * powers[exponent];
      *out = negative ? -value : value;
      return TRUE;
    }

  /* Everything else goes through g_ascii_strtod, which never looks at the
   * locale (GTK calls setlocale, and strtod would then stop at '.'). */
  gsize n = (gsize) (end - start);
  char stack_buf[128];
  g_autofree char *heap_buf = NULL;
  char *copy = stack_buf;
  if (n >= sizeof stack_buf)
    copy = heap_buf = g_malloc (n + 1);
  memcpy (copy, start, n);
  copy[n] = '\0';
  if (decimal_comma)
    for (char *c = copy; *c; c++)
      if (*c == ',')
        *c = '.';

  char *endptr = NULL;
  errno = 0;
  double value = g_ascii_strtod (copy, &endptr);
  if (endptr != copy + n)
    return FALSE;
  if (!isfinite (value))
    {
      /* Too large for a double (1e309): still not a number here, but the
       * caller can tell it from text and say so. */
      *out = value;
      return FALSE;
    }
  *out = value;
  return TRUE;
}

/* ---- input -------------------------------------------------------------- */

/* At the end of the file: whether it is still the file that was opened.
 * One cut short while it was read ends early (a line that no longer
 * exists, or rows silently missing with skip_bad_rows), one written to
 * goes on or changes under the reader; either way the table would not be
 * what is on disk. */
static gboolean
file_changed (BpCsvReader *reader)
{
  struct stat now;
  if (reader->buf_offset != reader->size)
    return TRUE;
  if (fstat (fileno (reader->file), &now) != 0)
    return FALSE;
  return (guint64) now.st_size != reader->size ||
         now.st_mtim.tv_sec != reader->mtime.tv_sec || now.st_mtim.tv_nsec != reader->mtime.tv_nsec;
}

static gboolean
refill (BpCsvReader *reader, GError **error)
{
  if (reader->file == NULL)
    {
      reader->eof = TRUE;
      return TRUE;
    }

  reader->buf_offset += reader->buf_len;
  gsize n = fread (reader->chunk, 1, reader->chunk_size, reader->file);
  if (n == 0 && ferror (reader->file))
    {
      int saved = errno;
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_IO, "%s: %s",
                   reader->name, g_strerror (saved));
      return FALSE;
    }
  reader->buf_len = n;
  reader->pos = 0;
  if (n == 0)
    {
      reader->eof = TRUE;
      if (file_changed (reader))
        {
          g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_CHANGED,
                       _("%s: the file changed while it was being read; open it again once it is complete"),
                       reader->name);
          return FALSE;
        }
    }
  return TRUE;
}

static void
text_reserve (BpCsvReader *reader, gsize extra)
{
  if (reader->text_len + extra <= reader->text_cap)
    return;
  gsize cap = MAX (reader->text_cap * 2, reader->text_len + extra + 256);
  reader->text = g_realloc (reader->text, cap);
  reader->text_cap = cap;
}

static inline void
text_append (BpCsvReader *reader, char c)
{
  if (G_UNLIKELY (reader->text_len == reader->text_cap))
    text_reserve (reader, 1);
  reader->text[reader->text_len++] = c;
}

static inline void
begin_field (BpCsvReader *reader, guint column)
{
  if (G_UNLIKELY (reader->n_fields == reader->fields_cap))
    {
      reader->fields_cap = MAX (16, reader->fields_cap * 2);
      reader->offsets = g_renew (gsize, reader->offsets, reader->fields_cap);
      reader->lengths = g_renew (gsize, reader->lengths, reader->fields_cap);
      reader->columns = g_renew (guint, reader->columns, reader->fields_cap);
      reader->fields = g_renew (const char *, reader->fields, reader->fields_cap);
    }
  reader->offsets[reader->n_fields] = reader->text_len;
  reader->columns[reader->n_fields] = column;
  reader->n_fields++;
  reader->field_high = FALSE;
}

/* Report invalid UTF-8 at the line and column of the first bad byte. */
static void
set_encoding_error (BpCsvReader *reader, const char *field, gsize length, const char *bad,
                    GError **error)
{
  guint field_column = reader->columns[reader->n_fields - 1];
  guint64 lines_before = 0, field_lines = 0;
  const char *line_start = field;
  for (const char *c = field; c < field + length; c++)
    if (*c == '\n')
      {
        field_lines++;
        if (c < bad)
          {
            lines_before++;
            line_start = c + 1;
          }
      }
  guint column = (lines_before == 0 ? field_column : 1) + (guint) g_utf8_strlen (line_start, bad - line_start);
  /* reader->line is where the field ends; count back to the bad byte. */
  guint64 line = reader->line - field_lines + lines_before;
  set_error_at (reader, error, BP_ENGINE_ERROR_ENCODING, line, column,
                _("byte 0x%02X is not valid UTF-8; save the file as UTF-8 and try again"),
                (guchar) *bad);
}

static inline gboolean
end_field (BpCsvReader *reader, GError **error)
{
  gsize start = reader->offsets[reader->n_fields - 1];
  gsize length = reader->text_len - start;

  /* Only text with high bytes can be invalid UTF-8; numbers never pay. */
  if (G_UNLIKELY (reader->field_high))
    {
      const char *field = reader->text + start;
      const char *bad = NULL;
      if (!g_utf8_validate (field, (gssize) length, &bad))
        {
          set_encoding_error (reader, field, length, bad, error);
          return FALSE;
        }
    }

  text_append (reader, '\0');
  reader->lengths[reader->n_fields - 1] = length;
  return TRUE;
}

static void
reset_record (BpCsvReader *reader)
{
  reader->text_len = 0;
  reader->n_fields = 0;
}

static void
fill_record (BpCsvReader *reader, BpCsvRecord *record, guint64 line)
{
  for (gsize i = 0; i < reader->n_fields; i++)
    reader->fields[i] = reader->text + reader->offsets[i];

  record->n_fields = reader->n_fields;
  record->fields = reader->fields;
  record->lengths = reader->lengths;
  record->columns = reader->columns;
  record->line = line;
}

static gboolean
is_blank_record (BpCsvReader *reader, gboolean first_quoted)
{
  if (reader->n_fields != 1 || first_quoted)
    return FALSE;
  for (gsize i = 0; i < reader->lengths[0]; i++)
    if (!is_space (reader->text[i]))
      return FALSE;
  return TRUE;
}

/* Copy the rest of an unquoted run (up to a delimiter, line end or NUL)
 * from the current chunk in one go. */
static inline void
copy_run (BpCsvReader *reader)
{
  const guchar *start = (const guchar *) reader->buf + reader->pos;
  const guchar *end = (const guchar *) reader->buf + reader->buf_len;
  const guchar *p = start;
  guchar high = 0;
  while (p < end && !reader->stops[*p])
    high |= *p++;
  gsize n = (gsize) (p - start);
  if (n == 0)
    return;

  text_reserve (reader, n);
  memcpy (reader->text + reader->text_len, start, n);
  reader->text_len += n;
  reader->pos += n;

  guint chars = (guint) n;
  if (high & 0x80)
    {
      reader->field_high = TRUE;
      for (const guchar *q = start; q < p; q++)
        chars -= (*q & 0xC0) == 0x80;
    }
  reader->column += chars;
}

/* Right after a delimiter: take the plain fields that follow (unquoted, and
 * ended by another delimiter within this chunk) a whole field at a time.
 * They get the same text, columns and errors as the state machine would
 * give them; anything else (a quote, a line end, the chunk's end) is left
 * to it. */
static inline gboolean
read_plain_fields (BpCsvReader *reader, GError **error)
{
  const guchar *const end = (const guchar *) reader->buf + reader->buf_len;
  const guchar delimiter = (guchar) reader->dialect.delimiter;

  for (;;)
    {
      const guchar *start = (const guchar *) reader->buf + reader->pos;
      if (start == end || reader->stops[*start] || *start == '"')
        return TRUE;
      const guchar *p = start;
      guchar high = 0;
      while (p < end && !reader->stops[*p])
        high |= *p++;
      if (p == end || *p != delimiter)
        return TRUE;

      gsize n = (gsize) (p - start);
      guint chars = (guint) n;
      if (high & 0x80)
        for (const guchar *q = start; q < p; q++)
          chars -= (*q & 0xC0) == 0x80;

      begin_field (reader, reader->column);
      text_reserve (reader, n + 1);
      memcpy (reader->text + reader->text_len, start, n);
      reader->text_len += n;
      reader->field_high = (high & 0x80) != 0;
      reader->column += chars + 1;   /* the field and its delimiter */
      reader->pos += n + 1;
      if (!end_field (reader, error))
        return FALSE;
    }
}

gboolean
bp_csv_reader_next (BpCsvReader *reader,
                    BpCsvRecord *record,
                    GError     **error)
{
  const char delimiter = reader->dialect.delimiter;
  State state = STATE_FIELD_START;
  gboolean in_record = FALSE;
  guint64 record_line = reader->line;
  guint64 quote_line = 0;
  guint quote_column = 0;
  gboolean first_quoted = FALSE;
  char c = 0;

  reset_record (reader);

  for (;;)
    {
      if (reader->pos == reader->buf_len)
        {
          if (reader->eof || !refill (reader, error))
            return FALSE;
          if (reader->eof)
            break;
        }

      c = reader->buf[reader->pos++];

      if (reader->pending_cr)
        {
          reader->pending_cr = FALSE;
          if (c == '\n')
            {
              /* Inside quotes the LF of a CRLF is field text, as the CR was. */
              if (state == STATE_QUOTED)
                text_append (reader, c);
              continue;
            }
        }

      if (G_UNLIKELY (c == '\0'))
        {
          set_error_at (reader, error, BP_ENGINE_ERROR_BINARY, reader->line, reader->column,
                        _("the file contains a NUL byte: it looks like a binary file, not CSV text"));
          return FALSE;
        }

      const gboolean newline = (c == '\n' || c == '\r');
      const guint here = reader->column;
      if (!newline && ((guchar) c & 0xC0) != 0x80)
        reader->column++;

      switch (state)
        {
        case STATE_FIELD_START:
          if (!in_record)
            {
              if (newline)
                {
                  /* A blank line: skip it. */
                  reader->line++;
                  reader->column = 1;
                  reader->pending_cr = (c == '\r');
                  record_line = reader->line;
                  continue;
                }
              in_record = TRUE;
              record_line = reader->line;
            }
          begin_field (reader, here);
          if (reader->n_fields == 1)
            first_quoted = (c == '"');
          if (c == '"')
            {
              quote_line = reader->line;
              quote_column = here;
              state = STATE_QUOTED;
            }
          else if (c == delimiter)
            {
              if (!end_field (reader, error) || !read_plain_fields (reader, error))
                return FALSE;
            }
          else if (newline)
            {
              if (!end_field (reader, error))
                return FALSE;
              goto record_done;
            }
          else
            {
              text_append (reader, c);
              reader->field_high |= ((guchar) c & 0x80) != 0;
              copy_run (reader);
              state = STATE_UNQUOTED;
            }
          break;

        case STATE_UNQUOTED:
          if (c == delimiter)
            {
              if (!end_field (reader, error) || !read_plain_fields (reader, error))
                return FALSE;
              state = STATE_FIELD_START;
            }
          else if (newline)
            {
              if (!end_field (reader, error))
                return FALSE;
              goto record_done;
            }
          else
            {
              /* A quote inside an unquoted field is kept as text, as most
               * readers do (e.g. 37°36'37.8"N). */
              text_append (reader, c);
              reader->field_high |= ((guchar) c & 0x80) != 0;
              copy_run (reader);
            }
          break;

        case STATE_QUOTED:
          if (c == '"')
            state = STATE_QUOTE_IN_QUOTED;
          else
            {
              text_append (reader, c);
              reader->field_high |= ((guchar) c & 0x80) != 0;
              if (newline)
                {
                  reader->line++;
                  reader->column = 1;
                  reader->pending_cr = (c == '\r');
                }
            }
          break;

        case STATE_QUOTE_IN_QUOTED:
          if (c == '"')
            {
              text_append (reader, '"');
              state = STATE_QUOTED;
            }
          else if (c == delimiter)
            {
              if (!end_field (reader, error))
                return FALSE;
              state = STATE_FIELD_START;
            }
          else if (newline)
            {
              if (!end_field (reader, error))
                return FALSE;
              goto record_done;
            }
          else if (!is_space (c))
            {
              /* Spaces after a closing quote are harmless; anything else
               * means an undoubled quote inside the field. */
              set_error_at (reader, error, BP_ENGINE_ERROR_PARSE, reader->line, here,
                            _("unexpected text after the closing quote of a field; "
                            "a quote inside a quoted field must be doubled (\"\")"));
              return FALSE;
            }
          break;
        }
      continue;

    record_done:
      reader->line++;
      reader->column = 1;
      reader->pending_cr = (c == '\r');
      if (is_blank_record (reader, first_quoted))
        {
          /* Only spaces on the line: as blank as an empty one. */
          reset_record (reader);
          in_record = FALSE;
          state = STATE_FIELD_START;
          record_line = reader->line;
          continue;
        }
      record->end_column = here;
      fill_record (reader, record, record_line);
      return TRUE;
    }

  /* End of input. */
  if (state == STATE_QUOTED)
    {
      set_error_at (reader, error, BP_ENGINE_ERROR_UNTERMINATED, quote_line, quote_column,
                    _("the quoted field that starts here is never closed (the file ends inside it)"));
      return FALSE;
    }
  if (!in_record)
    return FALSE;
  if (state == STATE_FIELD_START)
    begin_field (reader, reader->column);   /* "a,b," ends with an empty field */
  if (!end_field (reader, error))
    return FALSE;
  if (is_blank_record (reader, first_quoted))
    return FALSE;
  record->end_column = reader->column;
  fill_record (reader, record, record_line);
  return TRUE;
}

/* ---- dialect detection -------------------------------------------------- */

typedef struct {
  guint  records;
  guint  mode_fields;   /* most common field count */
  guint  mode_count;
} Shape;

static void
set_delimiter (BpCsvReader *reader, char delimiter)
{
  memset (reader->stops, 0, sizeof reader->stops);
  reader->stops[(guchar) delimiter] = 1;
  reader->stops['\n'] = reader->stops['\r'] = reader->stops['\0'] = 1;
  reader->dialect.delimiter = delimiter;
}

static BpCsvReader *
reader_new_common (const char *name, const BpCsvOptions *options)
{
  BpCsvReader *reader = g_new0 (BpCsvReader, 1);
  reader->name = g_strdup (name);
  reader->line = 1;
  reader->column = 1;
  reader->chunk_size = options && options->chunk_size ? options->chunk_size : DEFAULT_CHUNK_SIZE;
  set_delimiter (reader, ',');
  return reader;
}

/* Parse up to SNIFF_RECORDS records of the sample with one delimiter. A
 * sample cut in the middle of a record loses that record only. */
static Shape
sniff_shape (const char *sample, gsize length, gboolean truncated, char delimiter,
             GPtrArray *first_records)
{
  Shape shape = { 0 };
  g_autoptr(BpCsvReader) probe = reader_new_common ("sample", NULL);
  probe->buf = sample;
  probe->buf_len = length;
  set_delimiter (probe, delimiter);

  guint counts[SNIFF_RECORDS];
  guint n = 0;
  BpCsvRecord record;
  while (n < SNIFF_RECORDS && bp_csv_reader_next (probe, &record, NULL))
    {
      if (truncated && probe->pos == probe->buf_len)
        break;
      counts[n++] = (guint) record.n_fields;
      if (first_records != NULL)
        {
          GStrvBuilder *builder = g_strv_builder_new ();
          for (gsize i = 0; i < record.n_fields; i++)
            g_strv_builder_add (builder, record.fields[i]);
          g_ptr_array_add (first_records, g_strv_builder_end (builder));
          g_strv_builder_unref (builder);
        }
    }

  shape.records = n;
  for (guint i = 0; i < n; i++)
    {
      guint same = 0;
      for (guint j = 0; j < n; j++)
        same += counts[j] == counts[i];
      if (same > shape.mode_count || (same == shape.mode_count && counts[i] > shape.mode_fields))
        {
          shape.mode_count = same;
          shape.mode_fields = counts[i];
        }
    }
  return shape;
}

static gboolean
looks_numeric (const char *field, gboolean decimal_comma)
{
  double v;
  return bp_csv_parse_number (field, strlen (field), decimal_comma, &v);
}

static gboolean
is_decimal_comma_number (const char *s)
{
  /* [+-]digits,digits with nothing else: 1,5 or -0,25 */
  if (*s == '+' || *s == '-')
    s++;
  if (!g_ascii_isdigit (*s))
    return FALSE;
  while (g_ascii_isdigit (*s))
    s++;
  if (*s++ != ',')
    return FALSE;
  if (!g_ascii_isdigit (*s))
    return FALSE;
  while (g_ascii_isdigit (*s))
    s++;
  return *s == '\0';
}

static gboolean
is_decimal_point_number (const char *s)
{
  if (*s == '+' || *s == '-')
    s++;
  gboolean digit = FALSE;
  while (g_ascii_isdigit (*s))
    s++, digit = TRUE;
  if (*s++ != '.' || !digit)
    return FALSE;
  if (!g_ascii_isdigit (*s))
    return FALSE;
  while (g_ascii_isdigit (*s))
    s++;
  return *s == '\0';
}

/* The first row is a header when some column holds numbers below it but
 * not in it, or when its texts never occur again in their columns while
 * the rows below repeat themselves. */
static gboolean
detect_header (GPtrArray *records, gboolean decimal_comma)
{
  if (records->len < 2)
    return records->len == 1;   /* a lone row is more likely names than data */

  char **first = records->pdata[0];
  guint n_cols = g_strv_length (first);
  int votes = 0;
  /* Which rows are as wide as the first, counted once: once per column
   * made a 100 000-column file quadratic. */
  g_autofree gboolean *full = g_new (gboolean, records->len);
  for (guint r = 1; r < records->len; r++)
    full[r] = g_strv_length (records->pdata[r]) == n_cols;

  for (guint c = 0; c < n_cols; c++)
    {
      guint numeric_below = 0, rows_below = 0, repeats = 0;
      for (guint r = 1; r < records->len; r++)
        {
          char **row = records->pdata[r];
          if (!full[r] || row[c][0] == '\0')
            continue;
          rows_below++;
          numeric_below += looks_numeric (row[c], decimal_comma);
          repeats += strcmp (row[c], first[c]) == 0;
        }
      if (rows_below == 0)
        continue;
      gboolean first_numeric = looks_numeric (first[c], decimal_comma);
      if (numeric_below * 2 > rows_below)
        votes += first_numeric ? -1 : 1;
      else if (first[c][0] != '\0' && repeats == 0)
        votes += 0;  /* text over text tells little on its own */
      else if (repeats > 0)
        votes -= 1;
    }

  if (votes != 0)
    return votes > 0;

  /* All-text files: a header has unique, non-empty names. */
  GHashTable *seen = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean unique = TRUE;
  for (guint c = 0; c < n_cols && unique; c++)
    {
      if (first[c][0] == '\0' || !g_hash_table_add (seen, first[c]))
        unique = FALSE;
    }
  g_hash_table_unref (seen);
  return unique;
}

/* Catch files that are not text before reading them as CSV: UTF-16 (a
 * BOM, then NUL bytes everywhere), spreadsheets and archives (ZIP), and
 * anything else with NUL bytes. */
static gboolean
check_text (BpCsvReader *reader, const char *sample, gsize length, GError **error)
{
  if (length >= 2 && (((guchar) sample[0] == 0xFF && (guchar) sample[1] == 0xFE) ||
                      ((guchar) sample[0] == 0xFE && (guchar) sample[1] == 0xFF)))
    {
      set_error_at (reader, error, BP_ENGINE_ERROR_ENCODING, 1, 1,
                    _("the file is UTF-16 text; save it as UTF-8 and try again"));
      return FALSE;
    }
  if (length >= 4 && memcmp (sample, "PK\x03\x04", 4) == 0)
    {
      set_error_at (reader, error, BP_ENGINE_ERROR_BINARY, 1, 1,
                    _("this is a ZIP archive (a spreadsheet such as .xlsx or .ods?), not CSV text; "
                    "export it as CSV first"));
      return FALSE;
    }
  const char *nul = memchr (sample, '\0', length);
  if (nul != NULL)
    {
      guint64 line = 1;
      const char *line_start = sample;
      for (const char *p = sample; p < nul; p++)
        if (*p == '\n' || (*p == '\r' && (p + 1 == nul || p[1] != '\n')))
          {
            line++;
            line_start = p + 1;
          }
      guint column = 1;
      for (const char *p = line_start; p < nul; p++)
        if (((guchar) *p & 0xC0) != 0x80)
          column++;
      set_error_at (reader, error, BP_ENGINE_ERROR_BINARY, line, column,
                    _("the file contains a NUL byte: it looks like a binary file, not CSV text"));
      return FALSE;
    }
  return TRUE;
}

/* Whether @sample holds two whole records (the header and a row): two
 * line ends outside quotes. */
static gboolean
has_whole_records (const char *sample, gsize length)
{
  gboolean quoted = FALSE;
  guint ends = 0;
  for (gsize i = 0; i < length; i++)
    {
      char c = sample[i];
      if (c == '"')
        quoted = !quoted;
      else if (!quoted && (c == '\n' || (c == '\r' && (i + 1 == length || sample[i + 1] != '\n'))))
        if (++ends == 2)
          return TRUE;
    }
  return FALSE;
}

static void
sniff (BpCsvReader *reader, const char *sample, gsize length, gboolean truncated,
       const BpCsvOptions *options)
{
  static const char candidates[] = { ',', ';', '\t', '|' };
  char delimiter = options ? options->delimiter : 0;

  if (delimiter == 0)
    {
      Shape best = { 0 };
      delimiter = ',';
      for (gsize i = 0; i < G_N_ELEMENTS (candidates); i++)
        {
          Shape shape = sniff_shape (sample, length, truncated, candidates[i], NULL);
          if (shape.mode_fields < 2)
            continue;
          /* Consistency first, then width. */
          if (shape.mode_count > best.mode_count ||
              (shape.mode_count == best.mode_count && shape.mode_fields > best.mode_fields))
            {
              best = shape;
              delimiter = candidates[i];
            }
        }
    }
  set_delimiter (reader, delimiter);

  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  sniff_shape (sample, length, truncated, delimiter, records);

  BpTristate dc = options ? options->decimal_comma : BP_TRISTATE_AUTO;
  if (dc == BP_TRISTATE_AUTO)
    {
      guint comma_numbers = 0, point_numbers = 0;
      if (delimiter != ',')
        for (guint r = 0; r < records->len; r++)
          for (char **f = records->pdata[r]; *f; f++)
            {
              comma_numbers += is_decimal_comma_number (*f);
              point_numbers += is_decimal_point_number (*f);
            }
      reader->dialect.decimal_comma = comma_numbers > 0 && point_numbers == 0;
    }
  else
    reader->dialect.decimal_comma = (dc == BP_TRISTATE_YES) && delimiter != ',';

  BpTristate header = options ? options->header : BP_TRISTATE_AUTO;
  if (header == BP_TRISTATE_AUTO)
    reader->dialect.header = detect_header (records, reader->dialect.decimal_comma);
  else
    reader->dialect.header = (header == BP_TRISTATE_YES);
}

static void
skip_bom (BpCsvReader *reader)
{
  if (reader->buf_len - reader->pos >= 3 && memcmp (reader->buf + reader->pos, "\xEF\xBB\xBF", 3) == 0)
    {
      reader->pos += 3;
      reader->dialect.bom = TRUE;
    }
}

BpCsvReader *
bp_csv_reader_new_for_data (const char          *name,
                            const char          *data,
                            gsize                length,
                            const BpCsvOptions  *options,
                            GError             **error)
{
  g_autoptr(BpCsvReader) reader = reader_new_common (name, options);
  reader->buf = data;
  reader->buf_len = length;
  reader->size = length;
  if (!check_text (reader, data, MIN (length, SNIFF_BYTES), error))
    return NULL;
  skip_bom (reader);
  gsize sample = MIN (length - reader->pos, SNIFF_BYTES);
  /* At least the header and one row, however long (see for_path). */
  while (sample < length - reader->pos && sample < SNIFF_MAX_BYTES &&
         !has_whole_records (data + reader->pos, sample))
    sample = MIN (length - reader->pos, sample * 2);
  sniff (reader, data + reader->pos, sample, sample < length - reader->pos, options);
  return g_steal_pointer (&reader);
}

BpCsvReader *
bp_csv_reader_new_for_path (const char          *path,
                            const BpCsvOptions  *options,
                            GError             **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autoptr(BpCsvReader) reader = reader_new_common (display, options);

  g_autoptr(GError) local = NULL;
  int fd = bp_open_regular (path, &local);
  if (fd < 0)
    {
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_IO, "%s: %s", display, local->message);
      return NULL;
    }
  reader->file = fdopen (fd, "rb");
  if (reader->file == NULL)
    {
      int saved = errno;
      close (fd);
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_IO, "%s: %s", display, g_strerror (saved));
      return NULL;
    }
  /* The size and time of the file opened, for file_changed(). */
  struct stat st;
  if (fstat (fd, &st) != 0)
    {
      int saved = errno;
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_IO, "%s: %s", display, g_strerror (saved));
      return NULL;
    }
  reader->size = (guint64) MAX (st.st_size, 0);
  reader->mtime = st.st_mtim;

  /* Detection reads a sample of its own, so the chunk size stays free. */
  gsize cap = SNIFF_BYTES + 3;
  g_autofree char *sample = g_malloc (cap);
  gsize n = fread (sample, 1, cap, reader->file);
  /* At least the header and one row, however long: a header longer than
   * the sample was read as data. */
  while (n == cap && !ferror (reader->file) && cap < SNIFF_MAX_BYTES && !has_whole_records (sample, n))
    {
      cap *= 2;
      sample = g_realloc (sample, cap);
      n += fread (sample + n, 1, cap - n, reader->file);
    }
  if (n == 0 && ferror (reader->file))
    {
      int saved = errno;
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_IO, "%s: %s", display, g_strerror (saved));
      return NULL;
    }
  if (!check_text (reader, sample, n, error))
    return NULL;
  gsize skip = (n >= 3 && memcmp (sample, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
  sniff (reader, sample + skip, n - skip, !feof (reader->file), options);

  if (fseeko (reader->file, (off_t) skip, SEEK_SET) != 0)
    {
      int saved = errno;
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_IO, "%s: %s", display, g_strerror (saved));
      return NULL;
    }
  reader->dialect.bom = skip > 0;
  reader->chunk = g_malloc (reader->chunk_size);
  reader->buf = reader->chunk;
  reader->buf_offset = skip;
  return g_steal_pointer (&reader);
}

void
bp_csv_reader_free (BpCsvReader *reader)
{
  if (reader == NULL)
    return;
  if (reader->file)
    fclose (reader->file);
  g_free (reader->chunk);
  g_free (reader->text);
  g_free (reader->offsets);
  g_free (reader->lengths);
  g_free (reader->columns);
  g_free (reader->fields);
  g_free (reader->name);
  g_free (reader);
}

const BpCsvDialect *
bp_csv_reader_get_dialect (BpCsvReader *reader)
{
  return &reader->dialect;
}

const char *
bp_csv_reader_get_name (BpCsvReader *reader)
{
  return reader->name;
}

guint64
bp_csv_reader_get_bytes_read (BpCsvReader *reader)
{
  return reader->buf_offset + reader->pos;
}

guint64
bp_csv_reader_get_size (BpCsvReader *reader)
{
  return reader->size;
}

guint64
bp_csv_reader_get_line (BpCsvReader *reader)
{
  return reader->line;
}
