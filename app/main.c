/* main.c: the backprop entry point. */
#include <glib/gi18n.h>
#include <locale.h>

#include "bp-application.h"
#include "bp-engine.h"

int
main (int argc, char **argv)
{
  /* GTK sets the locale; the engine reads and writes numbers without it. */
  setlocale (LC_ALL, "");
  /* BACKPROP_LOCALEDIR: translations from a build tree, before installing. */
  const char *localedir = g_getenv ("BACKPROP_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  /* Ctrl+C or a logout during a save leaves no temporary file. */
  bp_save_clean_up_on_signals ();

  g_autoptr(BpApplication) app = bp_application_new ();
  int status = g_application_run (G_APPLICATION (app), argc, argv);
  return status ? status : bp_application_get_exit_status (app);
}
