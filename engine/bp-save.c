/* bp-save.c: atomic saves, their temporary files, and whether two paths
 * are one file. See bp-save.h. */
#include "bp-save.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "bp-error.h"

/* Symbolic links followed before giving up, as the kernel's ELOOP. */
#define MAX_LINKS 40
/* The part of NAME a temporary file's name keeps, so that it stays
 * within NAME_MAX (255) with the dot, infix and six random characters. */
#define MAX_TEMP_STEM 200

/* ---- the temporary files of saves in flight, for the signal handler ---- */

/* A fixed table the handler can read without locks or allocation: a slot
 * is FREE, being FILLED by a save, or READY with a path the handler may
 * unlink. More saves at once than slots just go unregistered (the next
 * save of their file still cleans up after them). */
#define N_SLOTS 16
enum { SLOT_FREE, SLOT_FILLED, SLOT_READY };
static volatile int slot_state[N_SLOTS];
static char slot_path[N_SLOTS][PATH_MAX];

/* A slot for one save, or -1 when all are taken. */
static int
claim_slot (void)
{
  for (int i = 0; i < N_SLOTS; i++)
    if (g_atomic_int_compare_and_exchange (&slot_state[i], SLOT_FREE, SLOT_FILLED))
      return i;
  return -1;
}

/* The path the handler removes for @slot, set before the file exists:
 * no moment when the file exists and the handler does not know it. */
static void
set_slot (int slot, const char *path)
{
  gsize length = strlen (path);
  if (slot < 0)
    return;
  g_atomic_int_set (&slot_state[slot], SLOT_FILLED);
  if (length >= PATH_MAX)
    return;
  memcpy (slot_path[slot], path, length + 1);
  g_atomic_int_set (&slot_state[slot], SLOT_READY);
}

static void
release_slot (int slot)
{
  if (slot >= 0)
    g_atomic_int_set (&slot_state[slot], SLOT_FREE);
}

static const int cleanup_signals[] = { SIGINT, SIGTERM, SIGHUP };
static struct sigaction previous_action[G_N_ELEMENTS (cleanup_signals)];

/* Async-signal-safe: unlink(), sigaction() and raise() only. */
static void
on_signal (int sig, siginfo_t *info, void *context)
{
  int saved_errno = errno;
  for (int i = 0; i < N_SLOTS; i++)
    if (g_atomic_int_get (&slot_state[i]) == SLOT_READY)
      unlink (slot_path[i]);
  for (guint s = 0; s < G_N_ELEMENTS (cleanup_signals); s++)
    {
      if (cleanup_signals[s] != sig)
        continue;
      const struct sigaction *old = &previous_action[s];
      if (old->sa_flags & SA_SIGINFO)
        old->sa_sigaction (sig, info, context);
      else if (old->sa_handler != SIG_DFL && old->sa_handler != SIG_IGN)
        old->sa_handler (sig);
      else
        {
          /* The default action, once this handler returns (the signal is
           * blocked until then): the process ends as it would have. */
          sigaction (sig, old, NULL);
          raise (sig);
        }
    }
  errno = saved_errno;
}

void
bp_save_clean_up_on_signals (void)
{
  static gsize installed = 0;
  if (!g_once_init_enter (&installed))
    return;
  for (guint s = 0; s < G_N_ELEMENTS (cleanup_signals); s++)
    {
      struct sigaction action = { 0 };
      if (sigaction (cleanup_signals[s], NULL, &previous_action[s]) != 0 ||
          (!(previous_action[s].sa_flags & SA_SIGINFO) && previous_action[s].sa_handler == SIG_IGN))
        continue;   /* nohup and friends: an ignored signal stays ignored */
      action.sa_sigaction = on_signal;
      action.sa_flags = SA_SIGINFO | SA_RESTART;
      sigemptyset (&action.sa_mask);
      sigaction (cleanup_signals[s], &action, NULL);
    }
  g_once_init_leave (&installed, 1);
}

/* ---- paths ------------------------------------------------------------- */

static void
set_errno_error (GError **error, int saved_errno)
{
  const char *reason;
  switch (saved_errno)
    {
    case EISDIR:
      reason = _("it is a folder");
      break;
    case ENOSPC:
    case EDQUOT:
      reason = _("the disk is full");
      break;
    default:
      reason = g_strerror (saved_errno);
      break;
    }
  g_set_error_literal (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_IO, reason);
}

/* @path with its last component's symbolic links followed: the file a
 * save replaces (which need not exist yet). NULL with errno ELOOP. */
static char *
resolve_links (const char *path)
{
  char *current = g_strdup (path);
  for (int hops = 0; hops <= MAX_LINKS; hops++)
    {
      GStatBuf st;
      if (g_lstat (current, &st) != 0 || !S_ISLNK (st.st_mode))
        return current;
      g_autoptr(GError) ignored = NULL;
      g_autofree char *target = g_file_read_link (current, &ignored);
      if (target == NULL)
        return current;
      g_autofree char *dir = g_path_get_dirname (current);
      g_free (current);
      current = g_path_is_absolute (target) ? g_strdup (target) : g_build_filename (dir, target, NULL);
    }
  g_free (current);
  errno = ELOOP;
  return NULL;
}

/* The absolute, canonical spelling of @path: links of its folder and of
 * its last component followed, "." and ".." gone. */
static char *
canonical_path (const char *path)
{
  g_autofree char *target = resolve_links (path);
  if (target == NULL)
    return g_canonicalize_filename (path, NULL);
  g_autofree char *dir = g_path_get_dirname (target);
  g_autofree char *base = g_path_get_basename (target);
  g_autofree char *real_dir = realpath (dir, NULL);
  g_autofree char *canonical_dir = g_canonicalize_filename (real_dir ? real_dir : dir, NULL);
  return g_build_filename (canonical_dir, base, NULL);
}

gboolean
bp_save_same_file (const char *a, const char *b)
{
  GStatBuf sa, sb;
  if (g_stat (a, &sa) == 0 && g_stat (b, &sb) == 0)
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
  g_autofree char *ca = canonical_path (a);
  g_autofree char *cb = canonical_path (b);
  return g_str_equal (ca, cb);
}

/* A folder, a device or a FIFO is never replaced by a file; asked of the
 * path as given, since the kernel follows links resolve_links() cannot
 * (/dev/stdout leads to "pipe:[…]"). */
static gboolean
check_regular (const char *path, GError **error)
{
  GStatBuf st;
  if (g_stat (path, &st) != 0 || S_ISREG (st.st_mode))
    return TRUE;
  if (S_ISDIR (st.st_mode))
    set_errno_error (error, EISDIR);
  else
    g_set_error_literal (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_IO, _("it is not a regular file"));
  return FALSE;
}

gboolean
bp_save_check_destination (const char *path, GError **error)
{
  g_autofree char *target = resolve_links (path);
  if (target == NULL)
    {
      set_errno_error (error, errno);
      return FALSE;
    }
  if (!check_regular (path, error))
    return FALSE;
  GStatBuf st;
  g_autofree char *dir = g_path_get_dirname (target);
  if (g_stat (dir, &st) != 0 || !S_ISDIR (st.st_mode))
    {
      g_autofree char *display = g_filename_display_name (dir);
      /* Translators: %s is a folder's path. */
      g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_IO, _("there is no folder %s"), display);
      return FALSE;
    }
  if (access (dir, W_OK | X_OK) != 0)
    {
      set_errno_error (error, errno);
      return FALSE;
    }
  return TRUE;
}

/* ---- temporary files ----------------------------------------------------- */

/* "." and the first MAX_TEMP_STEM bytes of @base, then the infix. */
static char *
temp_prefix (const char *base)
{
  gsize stem = MIN (strlen (base), MAX_TEMP_STEM);
  g_autofree char *start = g_strndup (base, stem);
  return g_strconcat (".", start, BP_SAVE_TEMP_INFIX, NULL);
}

/* Removes the temporary files earlier saves of @base in @dir left: those
 * of a process that was killed. A save holds an exclusive flock() on its
 * temporary file until the file is renamed, and the kernel drops it when
 * the process dies, so a file whose lock can be taken belongs to no one;
 * it is removed while the lock is held and only if the name still leads
 * to the file locked. */
static void
remove_stale_temps (const char *dir, const char *base)
{
  g_autofree char *prefix = temp_prefix (base);
  const gsize prefix_length = strlen (prefix);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  if (listing == NULL)
    return;
  const char *name;
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      if (strncmp (name, prefix, prefix_length) != 0 || strlen (name) != prefix_length + 6)
        continue;
      g_autofree char *candidate = g_build_filename (dir, name, NULL);
      int fd = g_open (candidate, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0);
      if (fd < 0)
        continue;
      GStatBuf held, named;
      if (flock (fd, LOCK_EX | LOCK_NB) == 0 && fstat (fd, &held) == 0 && S_ISREG (held.st_mode) &&
          g_lstat (candidate, &named) == 0 && held.st_dev == named.st_dev && held.st_ino == named.st_ino)
        g_unlink (candidate);
      close (fd);
    }
}

/* A new temporary file for @base in @dir, locked (see above), created
 * with @mode (less the umask) and known to the signal handler through
 * @slot. Its path in *temp_out. */
static int
create_temp (const char *dir, const char *base, int mode, int slot, char **temp_out)
{
  static const char letters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  g_autofree char *prefix = temp_prefix (base);
  for (int attempt = 0; attempt < 100; attempt++)
    {
      char random[7];
      for (int i = 0; i < 6; i++)
        random[i] = letters[g_random_int_range (0, (gint32) sizeof letters - 1)];
      random[6] = '\0';
      g_autofree char *name = g_strconcat (prefix, random, NULL);
      char *temp = g_build_filename (dir, name, NULL);
      set_slot (slot, temp);
      int fd = g_open (temp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode);
      if (fd < 0)
        {
          int saved_errno = errno;
          g_free (temp);
          /* Not ours: the handler must not remove it. */
          if (slot >= 0)
            g_atomic_int_set (&slot_state[slot], SLOT_FILLED);
          if (saved_errno == EEXIST)
            continue;
          errno = saved_errno;
          return -1;
        }
      /* Between creating and locking, another save's clean-up may have
       * taken the file for a dead one: then make another. */
      GStatBuf held, named;
      if (flock (fd, LOCK_EX) == 0 && fstat (fd, &held) == 0 && g_lstat (temp, &named) == 0 &&
          held.st_dev == named.st_dev && held.st_ino == named.st_ino)
        {
          *temp_out = temp;
          return fd;
        }
      close (fd);
      g_free (temp);
    }
  errno = EEXIST;
  return -1;
}

static gboolean
write_all (int fd, const char *data, gsize length)
{
  while (length > 0)
    {
      ssize_t n = write (fd, data, MIN (length, (gsize) G_MAXSSIZE));
      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return FALSE;
        }
      data += n;
      length -= (gsize) n;
    }
  return TRUE;
}

/* x wherever r is set: chmod +x as the mode allows reading. */
static mode_t
with_execute (mode_t mode)
{
  return mode | ((mode & 0444) >> 2);
}

gboolean
bp_save_file_atomically (const char *path, const void *data, gsize length, BpSaveFlags flags, GError **error)
{
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  /* Through a symbolic link to its file, so the link stays a link. */
  g_autofree char *target = resolve_links (path);
  if (target == NULL)
    {
      set_errno_error (error, errno);
      return FALSE;
    }
  if (!check_regular (path, error))
    return FALSE;
  GStatBuf old;
  const gboolean existed = g_stat (target, &old) == 0;
  g_autofree char *dir = g_path_get_dirname (target);
  g_autofree char *base = g_path_get_basename (target);
  remove_stale_temps (dir, base);

  /* A new file gets 0666 (0777 for a script) less the umask, as open()
   * would give it; an existing one keeps its mode. */
  g_autofree char *temp = NULL;
  const int slot = claim_slot ();
  int fd = create_temp (dir, base, existed ? 0600 : (flags & BP_SAVE_EXECUTABLE) ? 0777 : 0666, slot, &temp);
  if (fd < 0)
    {
      int saved_errno = errno;
      release_slot (slot);
      if (saved_errno == ENOENT || saved_errno == ENOTDIR)
        {
          g_autofree char *display = g_filename_display_name (dir);
          g_set_error (error, BP_ENGINE_ERROR, BP_ENGINE_ERROR_IO, _("there is no folder %s"), display);
        }
      else
        set_errno_error (error, saved_errno);
      return FALSE;
    }

  gboolean ok = TRUE;
  if (existed)
    {
      /* The owner too, where we may (root saving a user's file); if not,
       * the file becomes ours, as any replacing save makes it. */
      if ((old.st_uid != geteuid () || old.st_gid != getegid ()) && fchown (fd, old.st_uid, old.st_gid) != 0)
        g_debug ("%s: the owner could not be kept", path);
      mode_t mode = old.st_mode & 07777;
      ok = fchmod (fd, (flags & BP_SAVE_EXECUTABLE) ? with_execute (mode) : mode) == 0;
    }
  /* A new file's write-back may wait; replacing an old one must not leave
   * an empty file after a power cut (the rename reaching the disk before
   * the data), so that is synced as GLib does. */
  ok = ok && write_all (fd, data, length) && (!existed || fsync (fd) == 0);
  /* Renamed while still locked: no clean-up can take it meanwhile. */
  ok = ok && g_rename (temp, target) == 0;
  int saved_errno = errno;
  if (!ok)
    g_unlink (temp);
  release_slot (slot);
  if (close (fd) != 0 && ok)
    {
      ok = FALSE;
      saved_errno = errno;
    }
  if (!ok)
    set_errno_error (error, saved_errno);
  return ok;
}
