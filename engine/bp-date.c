#include "bp-date.h"

/* A run of 1 to @max digits; FALSE when there is none. */
static gboolean
number (const char **s, int max, int *out, int *n_digits)
{
  int value = 0, n = 0;
  while (n < max && g_ascii_isdigit (**s))
    {
      value = value * 10 + (**s - '0');
      (*s)++;
      n++;
    }
  *out = value;
  if (n_digits)
    *n_digits = n;
  return n > 0;
}

static gboolean
leap (int year)
{
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int
days_in_month (int year, int month)
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  return month == 2 && leap (year) ? 29 : days[month - 1];
}

/* hh:mm[:ss[.frac]][Z|±hh[:mm]] to the end of the text, as hours. */
static gboolean
parse_time (const char *p, double *hours)
{
  int h, m, s = 0, digits;
  double fraction = 0.0;
  if (!number (&p, 2, &h, NULL) || *p++ != ':' || !number (&p, 2, &m, &digits) || digits != 2)
    return FALSE;
  if (*p == ':')
    {
      p++;
      if (!number (&p, 2, &s, &digits) || digits != 2)
        return FALSE;
      if (*p == '.')
        {
          double scale = 0.1;
          if (!g_ascii_isdigit (p[1]))
            return FALSE;
          for (p++; g_ascii_isdigit (*p); p++, scale /= 10.0)
            fraction += (*p - '0') * scale;
        }
    }
  if (*p == 'Z')
    p++;
  else if (*p == '+' || *p == '-')
    {
      int oh, om;
      p++;
      if (!number (&p, 2, &oh, &digits) || digits != 2)
        return FALSE;
      if (*p == ':')
        p++;
      if (g_ascii_isdigit (*p) && (!number (&p, 2, &om, &digits) || digits != 2))
        return FALSE;
    }
  if (*p != '\0' || h > 23 || m > 59 || s > 60)
    return FALSE;
  *hours = h + m / 60.0 + (s + fraction) / 3600.0;
  return TRUE;
}

/* The three parts of a date and where the text goes on; FALSE when it does
 * not start with one. */
static gboolean
parse_date (const char **s, BpDateOrder order, int *year, int *month, int *day)
{
  const char *p = *s;
  int a, b, c, na, nc;
  if (!number (&p, 4, &a, &na))
    return FALSE;
  char sep = *p;
  if (sep != '-' && sep != '/' && sep != '.')
    return FALSE;
  p++;
  if (!number (&p, 2, &b, NULL) || *p++ != sep || !number (&p, 4, &c, &nc))
    return FALSE;
  if (na == 4 && sep != '.')
    {
      /* Year first. */
      if (nc > 2)
        return FALSE;
      *year = a, *month = b, *day = c;
    }
  else if (na <= 2 && sep != '-' && (nc == 4 || nc == 2))
    {
      if (nc == 2)
        c += c < 69 ? 2000 : 1900;   /* as POSIX strptime's %y */
      *year = c;
      if (sep == '.' || order == BP_DATE_DAY_FIRST)
        *day = a, *month = b;
      else
        *month = a, *day = b;
    }
  else
    return FALSE;
  if (*month < 1 || *month > 12 || *day < 1 || *day > days_in_month (*year, *month))
    return FALSE;
  *s = p;
  return TRUE;
}

gboolean
bp_date_parse (const char *text, BpDateOrder order, double *out)
{
  const char *p = text;
  int year, month, day;
  double hours = 0.0;
  if (!parse_date (&p, order, &year, &month, &day))
    {
      /* A time of day alone. */
      if (!parse_time (text, &hours))
        return FALSE;
      *out = hours;
      return TRUE;
    }
  if (*p != '\0')
    {
      if ((*p != 'T' && *p != ' ') || !parse_time (p + 1, &hours))
        return FALSE;
    }
  int day_of_year = day - 1;
  for (int m = 1; m < month; m++)
    day_of_year += days_in_month (year, m);
  *out = year + (day_of_year + hours / 24.0) / (leap (year) ? 366.0 : 365.0);
  return TRUE;
}

BpDateOrder
bp_date_guess_order (char * const *texts, gsize n)
{
  for (gsize i = 0; i < n; i++)
    {
      const char *p = texts[i];
      int a, na;
      if (number (&p, 4, &a, &na) && na <= 2 && *p == '/' && a > 12)
        return BP_DATE_DAY_FIRST;
    }
  return BP_DATE_MONTH_FIRST;
}
