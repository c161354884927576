/* bp-notice.h: a card above a page that says what the app chose by
 * itself, with one button to undo it.
 *
 * A sentence and a button that activates an action (e.g. "win.keras-split"
 * after the app chose a stratified split for a sorted file). Hidden while
 * it has no text; the owner sets it whenever what it says may change.
 * "compact" (construct in a .ui): the button under the sentence, for a
 * narrow pane.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BP_TYPE_NOTICE (bp_notice_get_type ())
G_DECLARE_FINAL_TYPE (BpNotice, bp_notice, BP, NOTICE, GtkWidget)

GtkWidget  *bp_notice_new      (void);
/* @text NULL hides the notice; the button reads @button_label and
 * activates @action_name (both taken as given, may be NULL: no button). */
void        bp_notice_set      (BpNotice   *self,
                                const char *text,
                                const char *button_label,
                                const char *action_name);
/* The sentence shown, or NULL when hidden. */
const char *bp_notice_get_text (BpNotice   *self);

G_END_DECLS
