/* test-session-util.h: what the session tests share: a run to prepare.
 * GLib-side, with the training session; no GTK. */
#pragma once

#include "bp-training-session.h"

/* Prepare @session on iris (shuffled split) with one hidden layer of 16
 * ReLU units, batches of 16, and @optimizer at @lr for @epochs. */
void prepare_iris_session (BpTrainingSession *session,
                           guint              epochs,
                           BpOptimizerKind    optimizer,
                           float              lr);
