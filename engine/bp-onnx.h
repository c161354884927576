/* bp-onnx.h: a trained model as an ONNX file.
 *
 * Opset 13 (IR version 7), which every current runtime reads. The graph
 * takes one float input of shape [N, 1] per network input, named as the
 * model names them: "age" for a number or yes/no column, "color=red" for
 * each category of a one-hot column (1 where the row has it, else 0), in
 * the features' own units. Inside, the inputs are joined, a NaN (a
 * missing value) is replaced by the training fill (the mean, or the most
 * frequent category's 1), and each number is scaled with the center and
 * scale fitted on the training rows, so a runtime needs nothing else;
 * then the dense layers (Gemm) and activations. The output is
 * "probabilities" [N, classes] (a binary model gives both classes, as
 * `backprop-cli predict` does) or "value" [N, 1] in the target's units.
 * The metadata (metadata_props) holds "target", "task" and, for
 * classification, "classes" as a JSON array in output order.
 */
#pragma once

#include <glib.h>

#include "bp-model-file.h"

G_BEGIN_DECLS

#define BP_ONNX_OPSET      13
#define BP_ONNX_IR_VERSION 7

/* The serialized ModelProto. */
GBytes *bp_export_onnx (const BpModelFile *model);

G_END_DECLS
