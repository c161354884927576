/* test-save.c: tests for bp-save (atomic saves, their temporary files,
 * destinations checked before a long run, one file under two names).
 *
 * Every test works in a fresh temporary folder and ends by checking that
 * no temporary file is left in it. Saving over a symbolic link, a 0600
 * file and a script, and the names and clean-up of temporary files are
 * what issue 18 (defects 6 and 7) found broken with g_file_set_contents;
 * a write that fails (a file-size limit stands in for a full disk, which
 * needs no root) must name no temporary file and keep the old contents.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "bp-engine.h"

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("test-save-XXXXXX", &error);
  g_assert_no_error (error);
  return dir;
}

/* Names in @dir that hold the temporary infix. */
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
  return n;
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  guint n = 0;
  while (g_dir_read_name (listing) != NULL)
    n++;
  return n;
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  while (listing && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        remove_tree (path);
      else
        g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
assert_contents (const char *path, const char *expected)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, expected);
}

static void
save (const char *path, const char *text, BpSaveFlags flags)
{
  g_autoptr(GError) error = NULL;
  g_assert_true (bp_save_file_atomically (path, text, strlen (text), flags, &error));
  g_assert_no_error (error);
}

static mode_t
mode_of (const char *path)
{
  GStatBuf st;
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 07777;
}

static mode_t
current_umask (void)
{
  mode_t mask = umask (022);
  umask (mask);
  return mask;
}

static void
test_new_and_replaced (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "model.json", NULL);
  save (path, "first", BP_SAVE_DEFAULT);
  assert_contents (path, "first");
  g_assert_cmpuint (mode_of (path), ==, 0666 & ~current_umask ());
  save (path, "second, longer", BP_SAVE_DEFAULT);
  assert_contents (path, "second, longer");
  save (path, "", BP_SAVE_DEFAULT);
  assert_contents (path, "");
  g_assert_cmpuint (count_entries (dir), ==, 1);
  remove_tree (dir);
}

/* Defect 7: a private file stays private, a shared one shared. */
static void
test_mode_kept (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "secret.json", NULL);
  static const mode_t modes[] = { 0600, 0640, 0444, 0664 };
  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      save (path, "old", BP_SAVE_DEFAULT);
      g_assert_cmpint (g_chmod (path, modes[i]), ==, 0);
      save (path, "new", BP_SAVE_DEFAULT);
      assert_contents (path, "new");
      g_assert_cmpuint (mode_of (path), ==, modes[i]);
    }

  /* Through bp_project_save too: every engine save goes this way. */
  g_autofree char *project_path = g_build_filename (dir, "run.backprop", NULL);
  g_autoptr(BpProject) project = bp_project_new ();
  g_autoptr(GError) error = NULL;
  g_assert_true (bp_project_save (project, project_path, &error));
  g_assert_cmpint (g_chmod (project_path, 0600), ==, 0);
  g_assert_true (bp_project_save (project, project_path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mode_of (project_path), ==, 0600);
  g_assert_cmpuint (count_temps (dir), ==, 0);
  remove_tree (dir);
}

static void
test_executable (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *script = g_build_filename (dir, "train.py", NULL);
  save (script, "print(1)\n", BP_SAVE_EXECUTABLE);
  g_assert_cmpuint (mode_of (script), ==, 0777 & ~current_umask ());
  /* A private script stays private: runnable by its owner only. */
  g_assert_cmpint (g_chmod (script, 0600), ==, 0);
  save (script, "print(2)\n", BP_SAVE_EXECUTABLE);
  g_assert_cmpuint (mode_of (script), ==, 0700);
  assert_contents (script, "print(2)\n");
  remove_tree (dir);
}

/* Defect 7: the link stays a link and its file gets the contents, the
 * temporary file made next to the file, not the link. */
static void
test_symlink (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *real_dir = g_build_filename (dir, "real", NULL);
  g_autofree char *link_dir = g_build_filename (dir, "links", NULL);
  g_assert_cmpint (g_mkdir (real_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (link_dir, 0700), ==, 0);
  g_autofree char *target = g_build_filename (real_dir, "model.json", NULL);
  g_autofree char *link = g_build_filename (link_dir, "model.json", NULL);
  g_autofree char *link2 = g_build_filename (link_dir, "latest.json", NULL);
  save (target, "old", BP_SAVE_DEFAULT);
  g_assert_cmpint (g_chmod (target, 0600), ==, 0);
  /* A relative link, and a link to that link. */
  g_assert_cmpint (symlink ("../real/model.json", link), ==, 0);
  g_assert_cmpint (symlink ("model.json", link2), ==, 0);

  save (link2, "through two links", BP_SAVE_DEFAULT);
  g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_file_test (link2, G_FILE_TEST_IS_SYMLINK));
  assert_contents (target, "through two links");
  g_assert_cmpuint (mode_of (target), ==, 0600);

  /* A dangling link: the save creates the file it points at. */
  g_autofree char *dangling = g_build_filename (link_dir, "new.json", NULL);
  g_autofree char *absolute = g_build_filename (real_dir, "new.json", NULL);
  g_assert_cmpint (symlink (absolute, dangling), ==, 0);
  save (dangling, "created", BP_SAVE_DEFAULT);
  g_assert_true (g_file_test (dangling, G_FILE_TEST_IS_SYMLINK));
  assert_contents (absolute, "created");

  /* A loop is an error, not a hang. */
  g_autofree char *loop_a = g_build_filename (link_dir, "a", NULL);
  g_autofree char *loop_b = g_build_filename (link_dir, "b", NULL);
  g_assert_cmpint (symlink ("b", loop_a), ==, 0);
  g_assert_cmpint (symlink ("a", loop_b), ==, 0);
  g_autoptr(GError) error = NULL;
  g_assert_false (bp_save_file_atomically (loop_a, "x", 1, BP_SAVE_DEFAULT, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_IO);

  g_assert_cmpuint (count_entries (link_dir), ==, 5);
  g_assert_cmpuint (count_entries (real_dir), ==, 2);
  remove_tree (dir);
}

/* Defect 6: what a killed save left is removed by the next save of the
 * same file, and nothing else is: not a temporary file a live save holds,
 * not another file's, not names that only look alike. */
static void
test_stale_temps (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *path = g_build_filename (dir, "model.json", NULL);
  static const char *const stale[] = { ".model.json.backprop-tmp-AbC123", ".model.json.backprop-tmp-zzzzzz" };
  static const char *const kept[] = {
    ".other.json.backprop-tmp-AbC123",   /* another file's */
    ".model.json.backprop-tmp-AbC1234",  /* not six characters */
    "model.json.AbC123",                 /* GLib's pattern: not ours to judge */
    "model.json.backprop-tmp-AbC123",    /* no leading dot */
  };
  for (guint i = 0; i < G_N_ELEMENTS (stale); i++)
    {
      g_autofree char *p = g_build_filename (dir, stale[i], NULL);
      g_assert_true (g_file_set_contents (p, "half a model", -1, NULL));
    }
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autofree char *p = g_build_filename (dir, kept[i], NULL);
      g_assert_true (g_file_set_contents (p, "someone else's", -1, NULL));
    }
  /* A save in flight: its file is locked as bp_save_file_atomically locks
   * its own (this open file description, not the one the clean-up opens). */
  g_autofree char *live = g_build_filename (dir, ".model.json.backprop-tmp-LiVe00", NULL);
  g_assert_true (g_file_set_contents (live, "being written", -1, NULL));
  int fd = g_open (live, O_RDONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX), ==, 0);

  save (path, "new", BP_SAVE_DEFAULT);
  for (guint i = 0; i < G_N_ELEMENTS (stale); i++)
    {
      g_autofree char *p = g_build_filename (dir, stale[i], NULL);
      g_assert_false (g_file_test (p, G_FILE_TEST_EXISTS));
    }
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autofree char *p = g_build_filename (dir, kept[i], NULL);
      g_assert_true (g_file_test (p, G_FILE_TEST_EXISTS));
    }
  g_assert_true (g_file_test (live, G_FILE_TEST_EXISTS));

  /* Once its process is gone (the lock dropped), it goes too. */
  close (fd);
  save (path, "newer", BP_SAVE_DEFAULT);
  g_assert_false (g_file_test (live, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_temps (dir), ==, G_N_ELEMENTS (kept) - 1);
  assert_contents (path, "newer");
  remove_tree (dir);
}

/* A file name near NAME_MAX still saves; its temporary name is cut. */
static void
test_long_name (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *name = g_strnfill (250, 'm');
  g_autofree char *path = g_build_filename (dir, name, NULL);
  save (path, "long", BP_SAVE_DEFAULT);
  assert_contents (path, "long");
  g_assert_cmpuint (count_entries (dir), ==, 1);
  remove_tree (dir);
}

/* Defect 11: the reason, never a temporary file's name; the old file
 * untouched and no temporary file left. */
static void
test_errors (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(GError) error = NULL;

  g_autofree char *missing = g_build_filename (dir, "no-such-dir", "m.json", NULL);
  g_assert_false (bp_save_file_atomically (missing, "x", 1, BP_SAVE_DEFAULT, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "no-such-dir"));
  g_assert_null (strstr (error->message, "m.json"));
  g_clear_error (&error);

  g_assert_false (bp_save_file_atomically (dir, "x", 1, BP_SAVE_DEFAULT, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_IO);
  g_clear_error (&error);

  /* A model file's message names the user's file and the reason once. */
  g_autofree char *project_path = g_build_filename (dir, "no-such-dir", "p.backprop", NULL);
  g_autoptr(BpProject) project = bp_project_new ();
  g_assert_false (bp_project_save (project, project_path, &error));
  g_assert_true (g_str_has_prefix (error->message, project_path));
  g_assert_null (strstr (error->message, BP_SAVE_TEMP_INFIX));
  g_clear_error (&error);
  g_assert_cmpuint (count_entries (dir), ==, 0);
  remove_tree (dir);
}

/* A write that fails halfway (the file-size limit, as a full disk would):
 * run in a child, since the limit stays with the process. */
static void
test_write_fails (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *dir = make_dir ();
      g_autofree char *path = g_build_filename (dir, "model.json", NULL);
      save (path, "the old model", BP_SAVE_DEFAULT);
      signal (SIGXFSZ, SIG_IGN);
      struct rlimit limit = { 4096, 4096 };
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
      gsize length = 1 << 20;
      g_autofree char *big = g_malloc0 (length);
      g_autoptr(GError) error = NULL;
      g_assert_false (bp_save_file_atomically (path, big, length, BP_SAVE_DEFAULT, &error));
      g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_IO);
      g_assert_cmpstr (error->message, ==, g_strerror (EFBIG));
      g_assert_null (strstr (error->message, dir));
      assert_contents (path, "the old model");
      g_assert_cmpuint (count_entries (dir), ==, 1);
      remove_tree (dir);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* Defect 2: one file under different names, for the CLI's clash check. */
static void
test_same_file (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *sub = g_build_filename (dir, "sub", NULL);
  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  g_autofree char *a = g_build_filename (dir, "a.csv", NULL);
  save (a, "x,y\n", BP_SAVE_DEFAULT);

  g_autofree char *dotted = g_strconcat (sub, "/.././/a.csv", NULL);
  g_autofree char *soft = g_build_filename (sub, "soft.csv", NULL);
  g_autofree char *hard = g_build_filename (sub, "hard.csv", NULL);
  g_assert_cmpint (symlink (a, soft), ==, 0);
  g_assert_cmpint (link (a, hard), ==, 0);
  g_assert_true (bp_save_same_file (a, a));
  g_assert_true (bp_save_same_file (a, dotted));
  g_assert_true (bp_save_same_file (soft, a));
  g_assert_true (bp_save_same_file (a, hard));
  g_assert_true (bp_save_same_file (soft, hard));

  /* Outputs not written yet: through a folder link, or a dangling link. */
  g_autofree char *sub_link = g_build_filename (dir, "via", NULL);
  g_assert_cmpint (symlink ("sub", sub_link), ==, 0);
  g_autofree char *new1 = g_build_filename (sub, "new.json", NULL);
  g_autofree char *new2 = g_build_filename (sub_link, "new.json", NULL);
  g_autofree char *new3 = g_build_filename (dir, "pointer.json", NULL);
  g_assert_cmpint (symlink ("sub/new.json", new3), ==, 0);
  g_assert_true (bp_save_same_file (new1, new2));
  g_assert_true (bp_save_same_file (new3, new1));
  g_autofree char *cwd = g_get_current_dir ();
  g_assert_cmpint (g_chdir (sub), ==, 0);
  g_assert_true (bp_save_same_file ("new.json", new2));
  g_assert_true (bp_save_same_file ("hard.csv", a));
  g_assert_cmpint (g_chdir (cwd), ==, 0);

  g_autofree char *other = g_build_filename (sub, "other.json", NULL);
  g_assert_false (bp_save_same_file (new1, other));
  g_assert_false (bp_save_same_file (a, new1));
  save (other, "x,y\n", BP_SAVE_DEFAULT);   /* same bytes, another file */
  g_assert_false (bp_save_same_file (a, other));
  remove_tree (dir);
}

/* Defect 11: what train checks before its first epoch. */
static void
test_check_destination (void)
{
  g_autofree char *dir = make_dir ();
  g_autoptr(GError) error = NULL;
  g_autofree char *fresh = g_build_filename (dir, "m.json", NULL);
  g_assert_true (bp_save_check_destination (fresh, &error));
  g_assert_no_error (error);
  save (fresh, "old", BP_SAVE_DEFAULT);
  g_assert_true (bp_save_check_destination (fresh, &error));

  g_autofree char *missing = g_build_filename (dir, "no-such-dir", "m.json", NULL);
  g_assert_false (bp_save_check_destination (missing, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "no-such-dir"));
  g_clear_error (&error);

  /* A file where a folder should be. */
  g_autofree char *under_file = g_build_filename (fresh, "m.json", NULL);
  g_assert_false (bp_save_check_destination (under_file, &error));
  g_clear_error (&error);

  g_assert_false (bp_save_check_destination (dir, &error));
  g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_IO);
  g_clear_error (&error);

  g_autofree char *dangling = g_build_filename (dir, "to-nowhere.json", NULL);
  g_assert_cmpint (symlink ("no-such-dir/m.json", dangling), ==, 0);
  g_assert_false (bp_save_check_destination (dangling, &error));
  g_clear_error (&error);

  /* A device, a link to one and a FIFO are never replaced. */
  g_autofree char *fifo = g_build_filename (dir, "fifo", NULL);
  g_autofree char *null_link = g_build_filename (dir, "null", NULL);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (symlink ("/dev/null", null_link), ==, 0);
  const char *const devices[] = { "/dev/null", null_link, fifo };
  for (guint i = 0; i < G_N_ELEMENTS (devices); i++)
    {
      g_assert_false (bp_save_check_destination (devices[i], &error));
      g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_IO);
      g_clear_error (&error);
      g_assert_false (bp_save_file_atomically (devices[i], "x", 1, BP_SAVE_DEFAULT, &error));
      g_assert_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_IO);
      g_clear_error (&error);
    }
  GStatBuf st;
  g_assert_cmpint (g_lstat ("/dev/null", &st), ==, 0);
  g_assert_true (S_ISCHR (st.st_mode));
  g_assert_true (g_file_test (null_link, G_FILE_TEST_IS_SYMLINK));
  remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/save/new-and-replaced", test_new_and_replaced);
  g_test_add_func ("/save/mode-kept", test_mode_kept);
  g_test_add_func ("/save/executable", test_executable);
  g_test_add_func ("/save/symlink", test_symlink);
  g_test_add_func ("/save/stale-temps", test_stale_temps);
  g_test_add_func ("/save/long-name", test_long_name);
  g_test_add_func ("/save/errors", test_errors);
  g_test_add_func ("/save/write-fails", test_write_fails);
  g_test_add_func ("/save/same-file", test_same_file);
  g_test_add_func ("/save/check-destination", test_check_destination);
  return g_test_run ();
}
