/* bp-samples.h: generated 2-D teaching sets, after TensorFlow Playground's.
 *
 * Each set has two numeric columns x1, x2 and a 0/1 column "label" (a
 * binary target by bp_dataset_detect_task). Points lie in about −1..1:
 *
 *   circles    label 0: a disc of radius 0.5 (the radius drawn uniformly,
 *              so the centre is dense); label 1: a ring from 0.7 to 1.0
 *   xor        x1, x2 uniform in ±(0.05..1), away from the axes;
 *              label 1 where sign(x1) == sign(x2), 0 elsewhere
 *   gaussians  two round blobs of σ 0.2, label 0 around (−0.5, −0.5),
 *              label 1 around (0.5, 0.5)
 *   spiral     two arms of 1.75 turns each, radius 0.1 to 1.0, the arm
 *              of label 1 being the arm of label 0 turned by π
 *
 * noise is the standard deviation of Gaussian noise added to both
 * coordinates of every point after its label is chosen, in the units
 * above: 0 keeps the shapes exact, 0.1 blurs the edges, 0.5 hides the
 * circles and the spiral. Values are rounded to 4 decimals. The best
 * possible accuracy (each shape's ideal rule, on many points) is about
 * 0.98 for circles, 0.96 for xor, 1.0 for gaussians and 0.82 for spiral
 * at noise 0.1; 1.0, 0.99, 1.0 and 0.99 at 0.05; 0.90, 0.89, 0.99 and
 * 0.58 at 0.2.
 *
 * The classes alternate in pairs (each two consecutive rows hold one
 * point of each class, in random order), so the classes are balanced to
 * within one row and the last fraction of the rows, which Keras's split
 * keeps for validation, holds both. The same kind, size, noise and seed
 * give the same bytes (bp-rng's PCG32 is the same everywhere; only a libm
 * that rounds sin, cos or log differently could change a rare last digit).
 */
#pragma once

#include <glib.h>

#include "bp-table.h"

G_BEGIN_DECLS

typedef enum {
  BP_SAMPLE_CIRCLES,
  BP_SAMPLE_XOR,
  BP_SAMPLE_GAUSSIANS,
  BP_SAMPLE_SPIRAL,
} BpSampleKind;

#define BP_SAMPLE_N_KINDS       4
#define BP_SAMPLE_DEFAULT_ROWS  500
#define BP_SAMPLE_DEFAULT_NOISE 0.1
#define BP_SAMPLE_MIN_ROWS      4
#define BP_SAMPLE_MAX_ROWS      1000000
#define BP_SAMPLE_MAX_NOISE     2.0   /* already pure noise at this scale */

/* The kinds' ids, "circles", "xor", "gaussians", "spiral": for the
 * command line (--sample NAME) and settings. */
extern const char * const bp_sample_names[];

const char  *bp_sample_kind_to_string   (BpSampleKind   kind);
gboolean     bp_sample_kind_from_string (const char    *text,
                                         BpSampleKind  *kind);
/* "spiral.csv": the name a generated table is shown under. */
char        *bp_sample_file_name        (BpSampleKind   kind);

/* The set as CSV text, header "x1,x2,label", one row per line ending in
 * "\n". n_rows is clamped to BP_SAMPLE_MIN_ROWS..BP_SAMPLE_MAX_ROWS and
 * noise to 0..BP_SAMPLE_MAX_NOISE (NaN: 0); an unknown kind gives
 * circles. length, if not NULL, gets the text's length in bytes. Free
 * with g_free. */
char        *bp_sample_generate_csv     (BpSampleKind   kind,
                                         gsize          n_rows,
                                         double         noise,
                                         guint64        seed,
                                         gsize         *length);
/* The same text loaded by bp_table_load_data() under the name
 * bp_sample_file_name() gives, so a generated set goes through the path a
 * file does. Out-of-range rows or noise (or an unknown kind) fail with
 * BP_ENGINE_ERROR_INVALID instead of being clamped. */
BpTable     *bp_sample_generate         (BpSampleKind   kind,
                                         gsize          n_rows,
                                         double         noise,
                                         guint64        seed,
                                         GError       **error);

G_END_DECLS
