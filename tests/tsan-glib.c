/* tsan-glib.c: GLib's locks, made visible to ThreadSanitizer (linked into
 * the tests of a -Db_sanitize=thread build only).
 *
 * On Linux, GMutex and GCond are futexes inside libglib, which is not
 * instrumented: TSan sees neither the lock nor the unlock, so every field
 * our code guards with a GMutex (the train control, the progress buffer,
 * the helper threads' pool) would be reported as a race, hiding the real
 * ones. These definitions take the place of GLib's for the calls our
 * code makes (the executable's symbols come first), call GLib's own, and
 * tell TSan where a lock is acquired and released. They add no ordering
 * of their own, so a field used without its lock is still reported.
 * gatomicrefcount is the same story (a function in libglib unless checks
 * are off): the last unref must see every write made before the others.
 * And GTask hands its data to a pool thread and its result back through
 * locks inside libglib: g_task_run_in_thread() is wrapped so that what
 * was written before it is seen by the thread function, and what that
 * wrote is seen by the task's callback. A GSource attached on one thread
 * and dispatched (then freed) on another changes hands under its
 * context's lock: attaching releases the source, its callback acquires
 * it. A GObject's last reference may be dropped on another thread than
 * the one that used it: each unref releases and acquires the object.
 */
#include <dlfcn.h>
#include <gio/gio.h>

void __tsan_acquire (void *addr);
void __tsan_release (void *addr);

typedef void (*MutexFunc) (GMutex *);
typedef gboolean (*TryFunc) (GMutex *);
typedef void (*WaitFunc) (GCond *, GMutex *);
typedef gboolean (*WaitUntilFunc) (GCond *, GMutex *, gint64);
typedef gboolean (*RefCountFunc) (gatomicrefcount *);
typedef void (*RunInThreadFunc) (GTask *, GTaskThreadFunc);

/* GLib's own definition of `name`, looked up once (atomically: the
 * first calls may come from two threads at once). */
#define REAL(name, type)                                                 \
  static gpointer real_address;                                          \
  type real = (type) g_atomic_pointer_get (&real_address);               \
  if (G_UNLIKELY (real == NULL))                                         \
    {                                                                    \
      real = (type) dlsym (RTLD_NEXT, name);                             \
      if (real == NULL)                                                  \
        g_error ("tsan-glib: %s not found", name);                       \
      g_atomic_pointer_set (&real_address, (gpointer) real);             \
    }                                                                    \
  (void) 0

void
g_mutex_lock (GMutex *mutex)
{
  REAL ("g_mutex_lock", MutexFunc);
  real (mutex);
  __tsan_acquire (mutex);
}

gboolean
g_mutex_trylock (GMutex *mutex)
{
  REAL ("g_mutex_trylock", TryFunc);
  if (!real (mutex))
    return FALSE;
  __tsan_acquire (mutex);
  return TRUE;
}

void
g_mutex_unlock (GMutex *mutex)
{
  REAL ("g_mutex_unlock", MutexFunc);
  __tsan_release (mutex);
  real (mutex);
}

void
g_cond_wait (GCond *cond, GMutex *mutex)
{
  REAL ("g_cond_wait", WaitFunc);
  __tsan_release (mutex);
  real (cond, mutex);
  __tsan_acquire (mutex);
}

gboolean
g_cond_wait_until (GCond *cond, GMutex *mutex, gint64 end_time)
{
  REAL ("g_cond_wait_until", WaitUntilFunc);
  __tsan_release (mutex);
  gboolean signalled = real (cond, mutex, end_time);
  __tsan_acquire (mutex);
  return signalled;
}

/* Release by every unref, acquire by the last: what the atomic decrement
 * inside GLib does, told to TSan. */
gboolean
g_atomic_ref_count_dec (gatomicrefcount *arc)
{
  REAL ("g_atomic_ref_count_dec", RefCountFunc);
  __tsan_release (arc);
  if (!real (arc))
    return FALSE;
  __tsan_acquire (arc);
  return TRUE;
}

static GQuark
thread_func_quark (void)
{
  return g_quark_from_static_string ("tsan-glib-thread-func");
}

static void
run_thread_func (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  __tsan_acquire (task);
  GTaskThreadFunc func = (GTaskThreadFunc) g_object_get_qdata (G_OBJECT (task), thread_func_quark ());
  func (task, source, task_data, cancellable);
  /* GTask calls back once this returns. */
  __tsan_release (task);
}

void
g_task_run_in_thread (GTask *task, GTaskThreadFunc task_func)
{
  REAL ("g_task_run_in_thread", RunInThreadFunc);
  g_object_set_qdata (G_OBJECT (task), thread_func_quark (), (gpointer) task_func);
  __tsan_release (task);
  real (task, run_thread_func);
}

/* Every way our code takes a task's result. */
gpointer
g_task_propagate_pointer (GTask *task, GError **error)
{
  typedef gpointer (*PropagateFunc) (GTask *, GError **);
  REAL ("g_task_propagate_pointer", PropagateFunc);
  __tsan_acquire (task);
  return real (task, error);
}

gboolean
g_task_propagate_boolean (GTask *task, GError **error)
{
  typedef gboolean (*PropagateFunc) (GTask *, GError **);
  REAL ("g_task_propagate_boolean", PropagateFunc);
  __tsan_acquire (task);
  return real (task, error);
}

typedef struct {
  GSourceFunc    func;
  gpointer       data;
  GDestroyNotify notify;
} SourceCallback;

/* The source being dispatched comes from GLib's own thread-local state,
 * not from `data`, which may only be read once the source is acquired. */
static gboolean
source_trampoline (gpointer data)
{
  __tsan_acquire (g_main_current_source ());
  SourceCallback *callback = data;
  return callback->func (callback->data);
}

static void
source_callback_free (gpointer data)
{
  SourceCallback *callback = data;
  if (callback->notify)
    callback->notify (callback->data);
  g_free (callback);
}

void
g_source_set_callback (GSource *source, GSourceFunc func, gpointer data, GDestroyNotify notify)
{
  typedef void (*SetCallbackFunc) (GSource *, GSourceFunc, gpointer, GDestroyNotify);
  REAL ("g_source_set_callback", SetCallbackFunc);
  /* Only idle sources (the hand-over our workers use): other kinds call
   * their callbacks with other arguments. */
  if (source->source_funcs != &g_idle_funcs)
    {
      real (source, func, data, notify);
      return;
    }
  SourceCallback *callback = g_new (SourceCallback, 1);
  *callback = (SourceCallback) { func, data, notify };
  real (source, source_trampoline, callback, source_callback_free);
}

guint
g_source_attach (GSource *source, GMainContext *context)
{
  typedef guint (*AttachFunc) (GSource *, GMainContext *);
  REAL ("g_source_attach", AttachFunc);
  __tsan_release (source);
  return real (source, context);
}

void
g_object_unref (gpointer object)
{
  typedef void (*UnrefFunc) (gpointer);
  REAL ("g_object_unref", UnrefFunc);
  __tsan_release (object);
  __tsan_acquire (object);
  real (object);
}
