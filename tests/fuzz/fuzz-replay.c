/* fuzz-replay.c: main() for a harness outside libFuzzer: runs
 * LLVMFuzzerTestOneInput once on each file named on the command line, and
 * on each file in each directory named there (the seed corpus), in name
 * order. Prints "N passed, N failed" style TAP so meson counts the files. */
#include "fuzz-util.h"

#include <stdio.h>

static int
compare_strings (gconstpointer a, gconstpointer b)
{
  return g_strcmp0 (*(char *const *) a, *(char *const *) b);
}

static void
collect (const char *path, GPtrArray *files)
{
  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_ptr_array_add (files, g_strdup (path));
      return;
    }
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
  if (!dir)
    {
      g_printerr ("%s\n", error->message);
      exit (1);
    }
  const char *name;
  while ((name = g_dir_read_name (dir)))
    if (name[0] != '.')
      g_ptr_array_add (files, g_build_filename (path, name, NULL));
}

int
main (int argc, char **argv)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  for (int i = 1; i < argc; i++)
    collect (argv[i], files);
  g_ptr_array_sort (files, compare_strings);
  if (files->len == 0)
    {
      g_printerr ("no input files\n");
      return 1;
    }

  printf ("1..%u\n", files->len);
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = files->pdata[i];
      g_autofree char *contents = NULL;
      gsize length = 0;
      g_autoptr(GError) error = NULL;
      if (!g_file_get_contents (path, &contents, &length, &error))
        {
          printf ("not ok %u %s\n", i + 1, error->message);
          return 1;
        }
      /* A copy of exactly its length, so ASan sees a read past the end. */
      g_autofree guint8 *copy = g_memdup2 (contents, length);
      LLVMFuzzerTestOneInput (copy, length);
      printf ("ok %u %s\n", i + 1, path);
      fflush (stdout);
    }
  return 0;
}
