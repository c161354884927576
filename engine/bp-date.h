/* bp-date.h: dates and times in a CSV cell, read as numbers.
 *
 * The forms a date column holds: year first (2024-03-01, 2024/3/1), day
 * first with dots (01.03.2024), with slashes (03/01/2024 or 01/03/2024,
 * see BpDateOrder; two-digit years as 1969–2068), each optionally followed
 * by a time ("T" or a space, then 10:30, 10:30:15, 10:30:15.250, and Z or
 * an offset such as +02:00, which is read but not applied); or a time
 * alone.
 *
 * A date becomes its year with the part of the year gone by as the
 * fraction: 1970-01-01 is 1970.0, 2023-07-02 12:00 is 2023.5. That keeps
 * the number a person reads in the cell ("1970") and keeps the order and
 * the distances between dates. A time alone becomes the hours since
 * midnight (18:30 is 18.5). Offsets are not applied: the time is what the
 * cell says, as a person reads it.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How to read a date written with slashes and the day or month first. */
typedef enum {
  BP_DATE_MONTH_FIRST = 0,   /* 03/01/2024 is 1 March (as in the US) */
  BP_DATE_DAY_FIRST,         /* 01/03/2024 is 1 March */
} BpDateOrder;

/* Whether @text (the whole of it) is a date, a date and time or a time
 * of day that exists (no 30 February, no 25:00), and its number in *out. */
gboolean     bp_date_parse        (const char   *text,
                                   BpDateOrder   order,
                                   double       *out);
/* The order that reads every one of @texts: day first when one of them
 * has a first part above 12, else month first. */
BpDateOrder  bp_date_guess_order  (char * const *texts,
                                   gsize         n);

G_END_DECLS
