/* bp-application.c: startup, the command line, settings, app actions and About.
 *
 *   backprop [FILE.csv|FILE.backprop] [--train] [--quit-after-training]
 *
 * A project (FILE.backprop) opens its data and applies its choices;
 * --train then trains it.
 *
 * BACKPROP_TRACE=1 in the environment prints one JSON line per finished
 * epoch and, at the end, one with frame statistics. These three make a
 * scripted run (bp-scripted-run.h), created only when one is given.
 */
#undef G_LOG_DOMAIN
#define G_LOG_DOMAIN "bp-application"

#include "bp-application.h"

#include <glib/gi18n.h>

#include "bp-dialogs.h"
#include "bp-engine.h"
#include "bp-scripted-run.h"
#include "bp-tooltip.h"
#include "bp-window.h"

struct _BpApplication {
  AdwApplication parent_instance;
  GSettings     *settings;   /* the one instance, handed to windows; NULL when the schema is not installed */
  BpScriptedFlags scripted_flags;
  BpScriptedRun *scripted;   /* NULL: nothing scripted */
  gboolean       restore_offered;
};

G_DEFINE_FINAL_TYPE (BpApplication, bp_application, ADW_TYPE_APPLICATION)

static BpWindow *
get_window (BpApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window)
    return BP_WINDOW (window);
  BpWindow *created = bp_window_new (ADW_APPLICATION (self), self->settings);
  /* The first window is the one a scripted run watches. */
  if (self->scripted_flags && !self->scripted)
    {
      self->scripted = bp_scripted_run_new (G_APPLICATION (self), self->scripted_flags);
      bp_scripted_run_watch_window (self->scripted, created);
    }
  return created;
}

static void
start (BpApplication *self, BpWindow *window)
{
  gtk_window_present (GTK_WINDOW (window));
  if (self->scripted)
    bp_scripted_run_start (self->scripted, window);
  /* What a crash left behind, once per process; a run that quits after
   * training has nobody to ask. */
  if (!self->restore_offered && !(self->scripted_flags & BP_SCRIPTED_QUIT_AFTER_TRAINING))
    {
      self->restore_offered = TRUE;
      bp_window_offer_restore (window);
    }
}

static void
bp_application_activate (GApplication *app)
{
  BpApplication *self = BP_APPLICATION (app);
  BpWindow *window = get_window (self);
  /* --train with no file: the seed recipe on the breast cancer sample. */
  if (self->scripted_flags & BP_SCRIPTED_TRAIN)
    bp_window_open_sample (window, "breast_cancer", NULL);
  start (self, window);
}

static void
bp_application_open (GApplication *app, GFile **files, int n_files, const char *hint)
{
  BpApplication *self = BP_APPLICATION (app);
  BpWindow *window = get_window (self);
  if (n_files > 0)
    bp_window_open_file (window, files[0]);
  start (self, window);
}

static int
bp_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  BpApplication *self = BP_APPLICATION (app);
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("backprop %s\n", BP_VERSION);
      return 0;
    }
  if (g_variant_dict_contains (options, "train"))
    self->scripted_flags |= BP_SCRIPTED_TRAIN;
  if (g_variant_dict_contains (options, "quit-after-training"))
    self->scripted_flags |= BP_SCRIPTED_QUIT_AFTER_TRAINING;
  return -1;
}

static void
about_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  bp_dialogs_show_about (gtk_application_get_active_window (GTK_APPLICATION (user_data)));
}

/* Ctrl+Q closes every window as its close button would: each one with
 * unsaved work asks first, and the application ends with the last. */
static void
quit_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  BpApplication *self = BP_APPLICATION (user_data);
  if (self->scripted)
    bp_scripted_run_print_summary (self->scripted);
  if (self->scripted_flags & BP_SCRIPTED_QUIT_AFTER_TRAINING)
    {
      g_application_quit (G_APPLICATION (self));
      return;
    }
  GList *windows = g_list_copy_deep (gtk_application_get_windows (GTK_APPLICATION (self)),
                                     (GCopyFunc) (void (*) (void)) g_object_ref, NULL);
  for (GList *l = windows; l; l = l->next)
    gtk_window_close (l->data);
  g_list_free_full (windows, g_object_unref);
}

static void
apply_color_scheme (BpApplication *self)
{
  g_autofree char *scheme = g_settings_get_string (self->settings, "color-scheme");
  AdwColorScheme value = ADW_COLOR_SCHEME_DEFAULT;
  if (g_str_equal (scheme, "light"))
    value = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_str_equal (scheme, "dark"))
    value = ADW_COLOR_SCHEME_FORCE_DARK;
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), value);
}

static void
bp_application_startup (GApplication *app)
{
  BpApplication *self = BP_APPLICATION (app);
  G_APPLICATION_CLASS (bp_application_parent_class)->startup (app);
  bp_tooltip_install ();

  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema =
    source ? g_settings_schema_source_lookup (source, BP_APP_ID, TRUE) : NULL;
  if (schema)
    {
      self->settings = g_settings_new (BP_APP_ID);
      g_autoptr(GAction) scheme = g_settings_create_action (self->settings, "color-scheme");
      g_action_map_add_action (G_ACTION_MAP (app), scheme);
      g_signal_connect_swapped (self->settings, "changed::color-scheme", G_CALLBACK (apply_color_scheme), self);
      apply_color_scheme (self);
    }
  else
    g_warning ("The settings schema %s is not installed; settings will not be kept", BP_APP_ID);

  /* Keep a core for the UI: OpenBLAS gets the others. Set once, before any
   * run: OpenBLAS's thread count must not change under a running GEMM. */
  bp_blas_set_threads (MAX (1, (int) g_get_num_processors () - 1));

  static const GActionEntry entries[] = {
    { .name = "about", .activate = about_action },
    { .name = "quit", .activate = quit_action },
  };
  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);

  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "win.open", { "<Control>o", NULL } },
    { "win.save-project", { "<Control>s", NULL } },
    { "win.save-project-as", { "<Control><Shift>s", NULL } },
    { "win.train", { "<Control>Return", NULL } },
    { "win.pause", { "space", NULL } },
    { "win.stop", { "<Control>period", NULL } },
    { "win.step-batch", { "<Control>b", NULL } },
    { "win.step-epoch", { "<Control>e", NULL } },
    { "win.reset", { "<Control>r", NULL } },
    { "win.show-help-overlay", { "F1", "<Control>question", NULL } },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);
}

/* Runs and loads end before the process does (Ctrl+Q, or quitting after
 * training): GTK does not destroy the windows on quit. */
static void
bp_application_shutdown (GApplication *app)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
    if (BP_IS_WINDOW (l->data))
      bp_window_shutdown (l->data);
  G_APPLICATION_CLASS (bp_application_parent_class)->shutdown (app);
}

int
bp_application_get_exit_status (BpApplication *self)
{
  g_return_val_if_fail (BP_IS_APPLICATION (self), 0);
  return self->scripted ? bp_scripted_run_get_exit_status (self->scripted) : 0;
}

static void
bp_application_dispose (GObject *object)
{
  g_clear_object (&BP_APPLICATION (object)->scripted);
  g_clear_object (&BP_APPLICATION (object)->settings);
  G_OBJECT_CLASS (bp_application_parent_class)->dispose (object);
}

static void
bp_application_class_init (BpApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  G_OBJECT_CLASS (klass)->dispose = bp_application_dispose;
  app_class->activate = bp_application_activate;
  app_class->open = bp_application_open;
  app_class->startup = bp_application_startup;
  app_class->shutdown = bp_application_shutdown;
  app_class->handle_local_options = bp_application_handle_local_options;
}

static void
bp_application_init (BpApplication *self)
{
  static const GOptionEntry options[] = {
    { "train", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Start training at once with the default settings"), NULL },
    { "quit-after-training", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Quit when the training run ends"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };
  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE.csv|FILE.backprop]"));
  const char *trace = g_getenv ("BACKPROP_TRACE");
  if (trace && *trace && !g_str_equal (trace, "0"))
    self->scripted_flags |= BP_SCRIPTED_TRACE;
}

BpApplication *
bp_application_new (void)
{
  return g_object_new (BP_TYPE_APPLICATION,
                       "application-id", BP_APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/backprop/Backprop",
                       NULL);
}
