/* bp-application.h: the Backprop application: command line, actions,
 * shortcuts, About. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define BP_TYPE_APPLICATION (bp_application_get_type ())
G_DECLARE_FINAL_TYPE (BpApplication, bp_application, BP, APPLICATION, AdwApplication)

BpApplication *bp_application_new (void);
/* What the process exits with: the scripted run's status (e.g.
 * --quit-after-training with nothing to train), else 0. */
int            bp_application_get_exit_status (BpApplication *self);

G_END_DECLS
