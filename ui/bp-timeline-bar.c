/* bp-timeline-bar.c: the run's snapshots as a scale (see bp-timeline-bar.h). */
#include "bp-timeline-bar.h"

#include <glib/gi18n.h>
#include <math.h>

struct _BpTimelineBar {
  GtkWidget      parent_instance;

  GtkWidget     *box;
  GtkWidget     *previous_button;
  GtkWidget     *scale;
  GtkAdjustment *adjustment;
  GtkWidget     *next_button;
  GtkWidget     *moment_label;
  GtkWidget     *thinned_label;
  GtkWidget     *fork_button;

  GArray        *snapshots;    /* BpSnapshotInfo */
  guint          selected;     /* G_MAXUINT: none */
  gboolean       following;
  gboolean       can_fork;
  gboolean       updating;     /* the adjustment is being set from here */
};

G_DEFINE_FINAL_TYPE (BpTimelineBar, bp_timeline_bar, GTK_TYPE_WIDGET)

enum { SIGNAL_MOMENT_CHANGED, SIGNAL_FORK, N_SIGNALS };
static guint signals[N_SIGNALS];

static const BpSnapshotInfo *
info_at (BpTimelineBar *self, guint i)
{
  return i < self->snapshots->len ? &g_array_index (self->snapshots, BpSnapshotInfo, i) : NULL;
}

static void
update_label (BpTimelineBar *self)
{
  const BpSnapshotInfo *info = info_at (self, self->selected);
  g_autofree char *text = NULL;
  if (!info)
    text = g_strdup ("");
  else if (info->moment.step == 0)
    text = g_strdup (_("Start"));
  else if (info->moment.batch == 0)
    text = g_strdup_printf (_("Epoch %u"), info->moment.epoch);
  else
    /* Mid-epoch: the epoch being trained (1-based) and how far into it. */
    text = g_strdup_printf (_("Epoch %u, batch %u/%u"), info->moment.epoch + 1, info->moment.batch,
                            info->moment.batches);
  gtk_label_set_label (GTK_LABEL (self->moment_label), text);
  const guint n = self->snapshots->len;
  gtk_widget_set_sensitive (self->previous_button, n > 0 && self->selected > 0);
  gtk_widget_set_sensitive (self->next_button, n > 0 && self->selected + 1 < n);
  gtk_widget_set_sensitive (self->scale, n > 1);
  gtk_widget_set_sensitive (self->fork_button, n > 0 && self->can_fork);
}

static void
show_selection (BpTimelineBar *self)
{
  self->updating = TRUE;
  const guint n = self->snapshots->len;
  gtk_adjustment_configure (self->adjustment, n ? self->selected : 0, 0, n ? n - 1 : 0, 1, 1, 0);
  self->updating = FALSE;
  update_label (self);
}

static void
choose (BpTimelineBar *self, guint index)
{
  const guint n = self->snapshots->len;
  if (n == 0)
    return;
  index = MIN (index, n - 1);
  gboolean following = index == n - 1;
  if (index == self->selected && following == self->following)
    {
      show_selection (self);
      return;
    }
  self->selected = index;
  self->following = following;
  show_selection (self);
  g_signal_emit (self, signals[SIGNAL_MOMENT_CHANGED], 0);
}

static void
on_value_changed (GtkAdjustment *adjustment, BpTimelineBar *self)
{
  if (self->updating)
    return;
  choose (self, (guint) MAX (lround (gtk_adjustment_get_value (adjustment)), 0));
}

static void
on_previous_clicked (BpTimelineBar *self)
{
  bp_timeline_bar_step (self, -1);
}

static void
on_next_clicked (BpTimelineBar *self)
{
  bp_timeline_bar_step (self, 1);
}

static void
on_fork_clicked (BpTimelineBar *self)
{
  if (self->selected < self->snapshots->len)
    g_signal_emit (self, signals[SIGNAL_FORK], 0);
}

static void
bp_timeline_bar_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), BP_TYPE_TIMELINE_BAR);
  G_OBJECT_CLASS (bp_timeline_bar_parent_class)->dispose (object);
}

static void
bp_timeline_bar_finalize (GObject *object)
{
  g_array_unref (BP_TIMELINE_BAR (object)->snapshots);
  G_OBJECT_CLASS (bp_timeline_bar_parent_class)->finalize (object);
}

static void
bp_timeline_bar_class_init (BpTimelineBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = bp_timeline_bar_dispose;
  object_class->finalize = bp_timeline_bar_finalize;

  /* The chosen snapshot changed: see get_selected() and get_following(). */
  signals[SIGNAL_MOMENT_CHANGED] =
    g_signal_new ("moment-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Fork from Here was pressed, on get_selected(). */
  signals[SIGNAL_FORK] =
    g_signal_new ("fork", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/backprop/Backprop/ui/bp-timeline-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, BpTimelineBar, box);
  gtk_widget_class_bind_template_child (widget_class, BpTimelineBar, previous_button);
  gtk_widget_class_bind_template_child (widget_class, BpTimelineBar, scale);
  gtk_widget_class_bind_template_child (widget_class, BpTimelineBar, adjustment);
  gtk_widget_class_bind_template_child (widget_class, BpTimelineBar, next_button);
  gtk_widget_class_bind_template_child (widget_class, BpTimelineBar, moment_label);
  gtk_widget_class_bind_template_child (widget_class, BpTimelineBar, thinned_label);
  gtk_widget_class_bind_template_child (widget_class, BpTimelineBar, fork_button);
  gtk_widget_class_bind_template_callback (widget_class, on_previous_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_next_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_fork_clicked);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "timeline-bar");
}

static void
bp_timeline_bar_init (BpTimelineBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->snapshots = g_array_new (FALSE, FALSE, sizeof (BpSnapshotInfo));
  self->selected = G_MAXUINT;
  self->following = TRUE;
  g_signal_connect (self->adjustment, "value-changed", G_CALLBACK (on_value_changed), self);
  show_selection (self);
}

GtkWidget *
bp_timeline_bar_new (void)
{
  return g_object_new (BP_TYPE_TIMELINE_BAR, NULL);
}

/* Thinned: how much memory the kept snapshots stay within, said on the
 * strip (the "said in the UI when thinned"). */
static void
show_thinned (BpTimelineBar *self, gboolean thinned, gsize budget)
{
  gtk_widget_set_visible (self->thinned_label, thinned);
  if (!thinned)
    return;
  g_autofree char *size = g_format_size_full (budget, G_FORMAT_SIZE_IEC_UNITS);
  /* Translators: %s is a memory size such as “64.0 MiB”. */
  g_autofree char *label = g_strdup_printf (_("Thinned to %s"), size);
  /* Translators: %s is a memory size such as “64.0 MiB”. */
  g_autofree char *tooltip = g_strdup_printf (_("Some snapshots were dropped to keep the timeline within its "
                                                "memory budget of %s; those kept are evenly spaced, with the first "
                                                "and the latest"), size);
  gtk_label_set_label (GTK_LABEL (self->thinned_label), label);
  gtk_widget_set_tooltip_text (self->thinned_label, tooltip);
}

void
bp_timeline_bar_set_snapshots (BpTimelineBar *self, const GArray *snapshots, gboolean thinned, gsize budget)
{
  g_return_if_fail (BP_IS_TIMELINE_BAR (self));
  const BpSnapshotInfo *held = self->following ? NULL : info_at (self, self->selected);
  guint64 held_offered = held ? held->offered : 0;
  double held_position = held ? held->position : NAN;

  g_array_set_size (self->snapshots, 0);
  if (snapshots)
    g_array_append_vals (self->snapshots, snapshots->data, snapshots->len);
  show_thinned (self, thinned, budget);
  const guint n = self->snapshots->len;
  guint selected = G_MAXUINT;
  if (n == 0)
    self->following = TRUE;
  else if (self->following || !held)
    {
      selected = n - 1;
      self->following = TRUE;
    }
  else
    {
      /* The one held, or where it was if thinning dropped it. */
      const BpSnapshotInfo *infos = (const BpSnapshotInfo *) (void *) self->snapshots->data;
      selected = 0;
      for (guint i = 0; i < n; i++)
        {
          if (infos[i].offered == held_offered)
            {
              selected = i;
              break;
            }
          if (fabs (infos[i].position - held_position) < fabs (infos[selected].position - held_position))
            selected = i;
        }
    }
  gboolean moved = !self->following && (selected != self->selected);
  self->selected = selected;
  show_selection (self);
  if (moved)
    g_signal_emit (self, signals[SIGNAL_MOMENT_CHANGED], 0);
}

guint
bp_timeline_bar_get_n_snapshots (BpTimelineBar *self)
{
  g_return_val_if_fail (BP_IS_TIMELINE_BAR (self), 0);
  return self->snapshots->len;
}

guint
bp_timeline_bar_get_selected (BpTimelineBar *self)
{
  g_return_val_if_fail (BP_IS_TIMELINE_BAR (self), G_MAXUINT);
  return self->selected < self->snapshots->len ? self->selected : G_MAXUINT;
}

void
bp_timeline_bar_select (BpTimelineBar *self, guint index)
{
  g_return_if_fail (BP_IS_TIMELINE_BAR (self));
  choose (self, index);
}

void
bp_timeline_bar_step (BpTimelineBar *self, int direction)
{
  g_return_if_fail (BP_IS_TIMELINE_BAR (self));
  if (self->selected >= self->snapshots->len)
    return;
  if (direction < 0 && self->selected > 0)
    choose (self, self->selected - 1);
  else if (direction > 0)
    choose (self, self->selected + 1);
}

gboolean
bp_timeline_bar_get_following (BpTimelineBar *self)
{
  g_return_val_if_fail (BP_IS_TIMELINE_BAR (self), TRUE);
  return self->following;
}

double
bp_timeline_bar_get_position (BpTimelineBar *self)
{
  g_return_val_if_fail (BP_IS_TIMELINE_BAR (self), NAN);
  const BpSnapshotInfo *info = info_at (self, self->selected);
  return info ? info->position : NAN;
}

const char *
bp_timeline_bar_get_text (BpTimelineBar *self)
{
  g_return_val_if_fail (BP_IS_TIMELINE_BAR (self), NULL);
  return gtk_label_get_label (GTK_LABEL (self->moment_label));
}

const char *
bp_timeline_bar_get_thinned_text (BpTimelineBar *self)
{
  g_return_val_if_fail (BP_IS_TIMELINE_BAR (self), NULL);
  return gtk_widget_get_visible (self->thinned_label) ? gtk_label_get_label (GTK_LABEL (self->thinned_label)) : NULL;
}

void
bp_timeline_bar_set_can_fork (BpTimelineBar *self, gboolean can_fork)
{
  g_return_if_fail (BP_IS_TIMELINE_BAR (self));
  self->can_fork = can_fork;
  update_label (self);
}
