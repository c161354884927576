/* bp-engine.h: the one header front ends include.
 *
 * The engine is plain C on GLib, json-glib, libm and CBLAS; it never sees
 * GTK. It does no I/O but reading the files it is asked to, prints
 * nothing, and reports every failure a user can cause as a GError in
 * BP_ENGINE_ERROR.
 */
#pragma once

#include "bp-error.h"
#include "bp-save.h"
#include "bp-names.h"
#include "bp-range.h"
#include "bp-json-writer.h"
#include "bp-rng.h"
#include "bp-csv.h"
#include "bp-date.h"
#include "bp-table.h"
#include "bp-task.h"
#include "bp-dataset.h"
#include "bp-transform.h"
#include "bp-blas.h"
#include "bp-fpu.h"
#include "bp-activation.h"
#include "bp-loss.h"
#include "bp-model.h"
#include "bp-optimizer.h"
#include "bp-train-control.h"
#include "bp-trainer.h"
#include "bp-timeline.h"
#include "bp-history.h"
#include "bp-metrics.h"
#include "bp-evaluation.h"
#include "bp-probe.h"
#include "bp-model-file.h"
#include "bp-data-source.h"
#include "bp-layer-stack.h"
#include "bp-project.h"
#include "bp-run.h"
#include "bp-run-list.h"
#include "bp-sweep.h"
#include "bp-twins.h"
#include "bp-recipe.h"
#include "bp-samples.h"
#include "bp-export.h"
#include "bp-onnx.h"
#include "bp-proto.h"
