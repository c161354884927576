/* bp-message-list.h: errors and warnings above a page, a sentence each.
 *
 * Each message is an icon and a sentence that wraps. The list is as tall
 * as its sentences are at the width it gets, up to a cap; beyond the cap
 * it scrolls. (A GtkScrolledWindow that propagates its natural height
 * measures its child for no width in particular: a sentence that wraps to
 * two lines was given one line's height and its second line was cut.)
 * Hidden while it holds no message.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define BP_TYPE_MESSAGE_LIST (bp_message_list_get_type ())
G_DECLARE_FINAL_TYPE (BpMessageList, bp_message_list, BP, MESSAGE_LIST, GtkWidget)

GtkWidget *bp_message_list_new            (void);
void       bp_message_list_clear          (BpMessageList *self);
/* An error (in the error colour) or a warning, after the others. */
void       bp_message_list_add            (BpMessageList *self,
                                           gboolean       error,
                                           const char    *text);
/* The most height the messages take before they scroll; 180 unless set. */
void       bp_message_list_set_max_height (BpMessageList *self,
                                           int            height);
/* The box that holds one row (icon and label) per message. */
GtkWidget *bp_message_list_get_box        (BpMessageList *self);

G_END_DECLS
