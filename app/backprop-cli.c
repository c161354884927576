/* backprop-cli: headless Backprop on the same engine as the app.
 *
 *   backprop-cli inspect FILE.csv [--json] [options]
 *   backprop-cli train FILE.csv [--save MODEL.json] [--save-project FILE.backprop] [options]
 *   backprop-cli train --project FILE.backprop [options that override it]
 *   backprop-cli sweep FILE.csv --sweep lr=1e-4,1e-3 [--repeat N] | --twin lr=0.01 [train's options]
 *   (inspect and train take --sample NAME[:ROWS[:NOISE]] instead of a file)
 *   backprop-cli evaluate MODEL.json DATA.csv [--json] [csv options]
 *   backprop-cli predict MODEL.json DATA.csv [-o OUT.csv] [csv options]
 *   backprop-cli export --to pytorch|keras|onnx INPUT -o OUT
 *
 * One file per command (backprop-cli.h lists them); this one has the
 * command table.
 * Exit status: 0 on success, 1 when the input is bad (the message names
 * FILE:LINE:COL), 2 on a usage error.
 */
#include "backprop-cli.h"

#include <locale.h>
#include <stdio.h>

#include <glib/gi18n-lib.h>

int
bp_cli_fail (int status, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  g_autofree char *message = g_strdup_vprintf (format, args);
  va_end (args);
  fprintf (stderr, "%s: %s\n", BP_CLI_PROGRAM, message);
  return status;
}

int
bp_cli_check_outputs (const char * const *inputs, guint n_inputs, const BpCliOutput *outputs, guint n_outputs)
{
  /* The clashes first: they are usage errors, whatever the folders. */
  for (guint o = 0; o < n_outputs; o++)
    {
      if (outputs[o].path == NULL)
        continue;
      g_autofree char *out = g_filename_display_name (outputs[o].path);
      for (guint i = 0; i < n_inputs; i++)
        if (inputs[i] && bp_save_same_file (outputs[o].path, inputs[i]))
          {
            g_autofree char *in = g_filename_display_name (inputs[i]);
            /* Translators: "--save model.json would overwrite the input file data.csv; …" (one file, two names). */
            return bp_cli_fail (EXIT_USAGE, _("%s %s would overwrite the input file %s; choose another name"),
                                outputs[o].option, out, in);
          }
      for (guint p = 0; p < o; p++)
        if (outputs[p].path && bp_save_same_file (outputs[o].path, outputs[p].path))
          {
            g_autofree char *earlier = g_filename_display_name (outputs[p].path);
            /* Translators: "--save run.json and --save-project run.json are the same file; …". */
            return bp_cli_fail (EXIT_USAGE, _("%s %s and %s %s are the same file; choose different names"),
                                outputs[p].option, earlier, outputs[o].option, out);
          }
    }
  for (guint o = 0; o < n_outputs; o++)
    {
      g_autoptr(GError) error = NULL;
      if (outputs[o].path && !bp_save_check_destination (outputs[o].path, &error))
        {
          g_autofree char *out = g_filename_display_name (outputs[o].path);
          /* Translators: the first %s is a file's path, the second an option such as --save, the third why. */
          return bp_cli_fail (EXIT_BAD_INPUT, _("%s: the file for %s cannot be written: %s"), out,
                              outputs[o].option, error->message);
        }
    }
  return 0;
}

static void
usage (FILE *stream)
{
  fprintf (stream,
           "Usage: %s COMMAND [OPTION…]\n"
           "\n"
           "Commands:\n"
           "  inspect FILE.csv   Describe a CSV file: columns, types, target, task, split\n"
           "  train FILE.csv     Train a network on it and print its progress (--save MODEL.json)\n"
           "                     (both take --sample circles|xor|gaussians|spiral instead of a file)\n"
           "  train --project FILE.backprop   Train what a project says (--save-project writes one)\n"
           "  sweep FILE.csv --sweep lr=1e-4,1e-3   Train runs one after another, one or two settings\n"
           "                     swept (--repeat N seeds each), or --twin lr=0.01: two runs in lock-step\n"
           "  evaluate MODEL.json DATA.csv   Score a saved model on rows with a known target\n"
           "  predict MODEL.json DATA.csv    Predict the target of every row (CSV on stdout or -o)\n"
           "  export --to pytorch|keras|onnx INPUT -o OUT   A project or model as code or ONNX\n"
           "\n"
           "Run “%s COMMAND --help” for a command's options.\n", BP_CLI_PROGRAM, BP_CLI_PROGRAM);
}

int
main (int argc, char **argv)
{
  /* Messages in the user's language; numbers in files are read without
   * the locale (g_ascii_strtod), so this is safe. */
  setlocale (LC_ALL, "");
  /* ...but printed numbers stay in the C locale: scripts parse them. */
  setlocale (LC_NUMERIC, "C");
  /* BACKPROP_LOCALEDIR: translations from a build tree, before installing. */
  const char *localedir = g_getenv ("BACKPROP_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  /* One BLAS thread unless a command asks for more: OpenBLAS's idle pool
   * would otherwise spin on the other core while we read files. */
  bp_blas_set_threads (1);
  /* Ctrl+C during a save leaves no temporary file behind. */
  bp_save_clean_up_on_signals ();

  if (argc < 2)
    {
      usage (stderr);
      return EXIT_USAGE;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      usage (stdout);
      return 0;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      printf ("backprop-cli %s\n", BP_VERSION);
      return 0;
    }
  if (g_str_equal (argv[1], "inspect"))
    return bp_cli_inspect (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "train"))
    return bp_cli_train (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "sweep"))
    return bp_cli_sweep (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "evaluate"))
    return bp_cli_apply (argc - 1, argv + 1, FALSE);
  if (g_str_equal (argv[1], "predict"))
    return bp_cli_apply (argc - 1, argv + 1, TRUE);
  if (g_str_equal (argv[1], "export"))
    return bp_cli_export (argc - 1, argv + 1);

  usage (stderr);
  return bp_cli_fail (EXIT_USAGE, _("unknown command “%s”"), argv[1]);
}
