/* test-save-kill.c: saves killed halfway, again and again (issue 18,
 * "Stress" and defect 6).
 *
 * A child process saves two different files of a few MB over one
 * destination, alternately, as fast as it can; the parent kills it at a
 * random moment (kill -9), 60 times. After each kill the destination
 * must be byte for byte one of the two (never a mix, never short), and
 * after the parent's next save of the same destination no temporary file
 * may be left. Then 12 children are ended by SIGTERM or SIGINT instead:
 * with bp_save_clean_up_on_signals() no temporary file may be left even
 * before the next save, and the child must still die of the signal.
 * At least one kill must have landed while a temporary file existed, or
 * the loop tested nothing. About two seconds.
 */
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bp-engine.h"

#define N_KILLS   60
#define N_SIGNALS 12

typedef struct {
  char  *dir;
  char  *path;
  char  *a, *b;
  gsize  a_length, b_length;
  GRand *rand;
} Fixture;

static guint
count_temps (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  g_assert_nonnull (listing);
  guint n = 0;
  const char *name;
  while ((name = g_dir_read_name (listing)) != NULL)
    if (strstr (name, BP_SAVE_TEMP_INFIX))
      n++;
    else
      g_assert_cmpstr (name, ==, "model.json");   /* nothing else, ever */
  return n;
}

static void
assert_old_or_new (const Fixture *f)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  g_autoptr(GError) error = NULL;
  g_assert_true (g_file_get_contents (f->path, &data, &length, &error));
  g_assert_no_error (error);
  gboolean is_a = length == f->a_length && memcmp (data, f->a, length) == 0;
  gboolean is_b = length == f->b_length && memcmp (data, f->b, length) == 0;
  if (!is_a && !is_b)
    g_error ("the destination is neither file: %" G_GSIZE_FORMAT " bytes (%" G_GSIZE_FORMAT " or %"
             G_GSIZE_FORMAT " expected)", length, f->a_length, f->b_length);
}

static void
save (const Fixture *f, gboolean second)
{
  g_autoptr(GError) error = NULL;
  g_assert_true (bp_save_file_atomically (f->path, second ? f->b : f->a, second ? f->b_length : f->a_length,
                                          BP_SAVE_DEFAULT, &error));
  g_assert_no_error (error);
}

/* The child: saves until it is killed; exit status 3 if a save fails. */
static pid_t
start_saver (const Fixture *f, gboolean clean_up_on_signals)
{
  pid_t pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid > 0)
    return pid;
  if (clean_up_on_signals)
    bp_save_clean_up_on_signals ();
  for (guint i = 0;; i++)
    if (!bp_save_file_atomically (f->path, i % 2 ? f->b : f->a, i % 2 ? f->b_length : f->a_length,
                                  BP_SAVE_DEFAULT, NULL))
      _exit (3);
}

static void
end_saver (const Fixture *f, int sig, gboolean clean_up_on_signals)
{
  pid_t pid = start_saver (f, clean_up_on_signals);
  /* From right after the start to a few saves in. */
  g_usleep ((gulong) g_rand_int_range (f->rand, 200, 12000));
  g_assert_cmpint (kill (pid, sig), ==, 0);
  int status;
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, sig);
}

static void
test_kill_loop (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;
  f.dir = g_dir_make_tmp ("test-save-kill-XXXXXX", &error);
  g_assert_no_error (error);
  f.path = g_build_filename (f.dir, "model.json", NULL);
  /* Two files that differ everywhere and in length. */
  f.a_length = 3u << 20;
  f.b_length = (2u << 20) + 12345;
  f.a = g_malloc (f.a_length);
  f.b = g_malloc (f.b_length);
  for (gsize i = 0; i < f.a_length; i++)
    f.a[i] = (char) ('a' + i % 23);
  for (gsize i = 0; i < f.b_length; i++)
    f.b[i] = (char) ('A' + i % 19);
  f.rand = g_rand_new_with_seed (18);
  save (&f, FALSE);

  guint left = 0;
  for (guint k = 0; k < N_KILLS; k++)
    {
      end_saver (&f, SIGKILL, FALSE);
      assert_old_or_new (&f);
      if (count_temps (f.dir) > 0)
        left++;
      save (&f, k % 2);
      g_assert_cmpuint (count_temps (f.dir), ==, 0);
      assert_old_or_new (&f);
    }
  g_test_message ("%u of %u kills left a temporary file, each removed by the next save", left, N_KILLS);
  g_assert_cmpuint (left, >, 0);

  for (guint k = 0; k < N_SIGNALS; k++)
    {
      end_saver (&f, k % 2 ? SIGINT : SIGTERM, TRUE);
      g_assert_cmpuint (count_temps (f.dir), ==, 0);
      assert_old_or_new (&f);
    }

  g_assert_cmpint (g_unlink (f.path), ==, 0);
  g_assert_cmpint (g_rmdir (f.dir), ==, 0);
  g_rand_free (f.rand);
  g_free (f.a);
  g_free (f.b);
  g_free (f.path);
  g_free (f.dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/save/kill-loop", test_kill_loop);
  return g_test_run ();
}
