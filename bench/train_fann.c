/* train_fann: the FANN 2.2 side of bench_train.py.
 *
 * Reads the data that bench/recipe_data.py prepared (the same CSV, classes
 * 0..K-1 in sorted order, Keras split, standardized with the training rows'
 * mean and population std: the exact arrays the PyTorch and scikit-learn
 * scripts train on) and trains a FANN network with the same layer sizes.
 *
 * FANN cannot do the recipe exactly, so this is its closest:
 *
 *   - no ReLU in FANN 2.2: hidden layers are FANN_SIGMOID_SYMMETRIC with
 *     steepness 1 (tanh);
 *   - no softmax and no cross-entropy: the output is one FANN_SIGMOID unit
 *     (steepness 0.5, the logistic function) for 2 classes, K of them with
 *     one-hot targets for K classes, trained on mean squared error
 *     (FANN_ERRORFUNC_LINEAR, plain MSE, rather than FANN's default
 *     tanh-stretched error);
 *   - no Adam and no mini-batches: FANN_TRAIN_INCREMENTAL, i.e. plain SGD
 *     with one update per row (fann_train), learning rate --lr, no
 *     momentum.  FANN's batch algorithms (BATCH, RPROP, QUICKPROP) update
 *     once per epoch, which learns almost nothing in 3 to 10 epochs;
 *   - Glorot-uniform weights and zero biases, written straight into FANN's
 *     weight array (FANN's own fann_randomize_weights is ±0.1);
 *   - single-threaded: FANN uses no BLAS and no threads.
 *
 * Timed per epoch, like the other contenders: the shuffle (Fisher-Yates
 * with a seeded generator), every row (fann_train: forward, error,
 * backward, update; the running loss and accuracy from its outputs), then
 * fann_run over every validation row.  Loading is not timed.
 *
 * Build: cc -O2 bench/train_fann.c -lfloatfann -lm -o train_fann
 * Usage: train_fann PREPARED.bin [--layers 128,64] [--epochs 10]
 *                   [--lr 0.01] [--seed 0]
 * Prints one JSON line.
 */

#define _POSIX_C_SOURCE 200809L

#include <floatfann.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_LAYERS 16

typedef struct
{
  int32_t n_train, n_val, n_in, n_classes;
  float *x_train, *x_val;
  int32_t *y_train, *y_val;
} Data;

static uint64_t rng_state;

/* splitmix64: small, seedable, good enough for shuffles and weights. */
static uint64_t
rng_next (void)
{
  uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static double
rng_uniform (void)
{
  return (double) (rng_next () >> 11) * (1.0 / 9007199254740992.0);
}

static double
now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void
die (const char *msg)
{
  fprintf (stderr, "train_fann: %s\n", msg);
  exit (1);
}

static void *
read_array (FILE *f, size_t count, size_t size)
{
  void *p = malloc (count * size + 1);
  if (!p)
    die ("out of memory");
  if (fread (p, size, count, f) != count)
    die ("the prepared file is truncated");
  return p;
}

static void
load (const char *path, Data *d)
{
  FILE *f = fopen (path, "rb");
  char magic[4];
  int32_t head[4];

  if (!f)
    die ("cannot open the prepared file");
  if (fread (magic, 1, 4, f) != 4 || memcmp (magic, "BPRD", 4) != 0
      || fread (head, sizeof (int32_t), 4, f) != 4)
    die ("not a file from recipe_data.py");
  d->n_train = head[0];
  d->n_val = head[1];
  d->n_in = head[2];
  d->n_classes = head[3];
  d->x_train = read_array (f, (size_t) d->n_train * d->n_in, sizeof (float));
  d->y_train = read_array (f, d->n_train, sizeof (int32_t));
  d->x_val = read_array (f, (size_t) d->n_val * d->n_in, sizeof (float));
  d->y_val = read_array (f, d->n_val, sizeof (int32_t));
  fclose (f);
}

/* Glorot uniform for every weight, zero for every bias.  In a standard FANN
 * network each layer ends with a bias neuron, and each neuron's connections
 * run over the previous layer's neurons in order, so the last one comes
 * from the bias neuron. */
static void
init_weights (struct fann *ann)
{
  struct fann_layer *layer;

  for (layer = ann->first_layer + 1; layer < ann->last_layer; layer++)
    {
      unsigned int fan_in = (unsigned int) ((layer - 1)->last_neuron - (layer - 1)->first_neuron) - 1;
      unsigned int fan_out = (unsigned int) (layer->last_neuron - layer->first_neuron) - 1;
      double limit = sqrt (6.0 / (fan_in + fan_out));
      struct fann_neuron *n;

      for (n = layer->first_neuron; n < layer->last_neuron - 1; n++)
        {
          unsigned int c;

          if (n->last_con - n->first_con != fan_in + 1)
            die ("unexpected FANN connection layout");
          for (c = n->first_con; c < n->last_con - 1; c++)
            ann->weights[c] = (fann_type) ((2.0 * rng_uniform () - 1.0) * limit);
          ann->weights[n->last_con - 1] = 0;
        }
    }
}

static int
predicted (const fann_type *out, int n_classes)
{
  int k, best = 0;

  if (n_classes == 2)
    return out[0] > 0.5f;
  for (k = 1; k < n_classes; k++)
    if (out[k] > out[best])
      best = k;
  return best;
}

/* Squared error summed over the outputs, as FANN's MSE counts it. */
static double
squared_error (const fann_type *out, const fann_type *want, int n_out)
{
  double s = 0;
  int k;

  for (k = 0; k < n_out; k++)
    s += (double) (out[k] - want[k]) * (out[k] - want[k]);
  return s;
}

static void
target_vector (fann_type *want, int y, int n_classes)
{
  int k;

  if (n_classes == 2)
    {
      want[0] = (fann_type) y;
      return;
    }
  for (k = 0; k < n_classes; k++)
    want[k] = (fann_type) (k == y);
}

int
main (int argc, char **argv)
{
  const char *path = NULL;
  const char *layers_arg = "128,64";
  int epochs = 10;
  double lr = 0.01;
  unsigned long long seed = 0;
  unsigned int widths[MAX_LAYERS + 2];
  unsigned int n_widths = 0;
  Data d;
  struct fann *ann;
  int n_out, i, e;
  uint32_t *perm;
  fann_type want[1024];
  double *epoch_seconds;
  double loss = 0, accuracy = 0, val_loss = 0, val_accuracy = 0;
  char *copy, *tok, *save = NULL;

  for (i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--layers") == 0 && i + 1 < argc)
        layers_arg = argv[++i];
      else if (strcmp (argv[i], "--epochs") == 0 && i + 1 < argc)
        epochs = atoi (argv[++i]);
      else if (strcmp (argv[i], "--lr") == 0 && i + 1 < argc)
        lr = strtod (argv[++i], NULL);
      else if (strcmp (argv[i], "--seed") == 0 && i + 1 < argc)
        seed = strtoull (argv[++i], NULL, 10);
      else if (argv[i][0] != '-' && !path)
        path = argv[i];
      else
        die ("usage: train_fann PREPARED.bin [--layers 128,64] [--epochs N] [--lr R] [--seed S]");
    }
  if (!path || epochs < 1)
    die ("usage: train_fann PREPARED.bin [--layers 128,64] [--epochs N] [--lr R] [--seed S]");

  load (path, &d);
  n_out = d.n_classes == 2 ? 1 : d.n_classes;
  if (n_out > (int) (sizeof want / sizeof want[0]))
    die ("too many classes");

  widths[n_widths++] = (unsigned int) d.n_in;
  copy = strdup (layers_arg);
  for (tok = strtok_r (copy, ",", &save); tok; tok = strtok_r (NULL, ",", &save))
    {
      if (n_widths > MAX_LAYERS)
        die ("too many layers");
      widths[n_widths++] = (unsigned int) atoi (tok);
    }
  free (copy);
  widths[n_widths++] = (unsigned int) n_out;

  rng_state = seed;
  ann = fann_create_standard_array (n_widths, widths);
  if (!ann)
    die ("fann_create_standard_array failed");
  fann_set_activation_function_hidden (ann, FANN_SIGMOID_SYMMETRIC);
  fann_set_activation_steepness_hidden (ann, 1.0f);
  fann_set_activation_function_output (ann, FANN_SIGMOID);
  fann_set_activation_steepness_output (ann, 0.5f);
  fann_set_train_error_function (ann, FANN_ERRORFUNC_LINEAR);
  fann_set_training_algorithm (ann, FANN_TRAIN_INCREMENTAL);
  fann_set_learning_rate (ann, (float) lr);
  fann_set_learning_momentum (ann, 0.0f);
  init_weights (ann);

  perm = malloc (sizeof (uint32_t) * (size_t) d.n_train);
  epoch_seconds = calloc ((size_t) epochs, sizeof (double));
  if (!perm || !epoch_seconds)
    die ("out of memory");
  for (i = 0; i < d.n_train; i++)
    perm[i] = (uint32_t) i;

  for (e = 0; e < epochs; e++)
    {
      double t0 = now ();
      double err = 0;
      long correct = 0;

      for (i = d.n_train - 1; i > 0; i--)
        {
          uint32_t j = (uint32_t) (rng_next () % (uint64_t) (i + 1));
          uint32_t t = perm[i];
          perm[i] = perm[j];
          perm[j] = t;
        }
      for (i = 0; i < d.n_train; i++)
        {
          uint32_t r = perm[i];
          const fann_type *out;

          target_vector (want, d.y_train[r], d.n_classes);
          fann_train (ann, d.x_train + (size_t) r * d.n_in, want);
          /* fann_train leaves the forward pass's outputs in place */
          out = ann->output;
          err += squared_error (out, want, n_out);
          correct += predicted (out, d.n_classes) == d.y_train[r];
        }
      loss = err / ((double) d.n_train * n_out);
      accuracy = (double) correct / d.n_train;

      err = 0;
      correct = 0;
      for (i = 0; i < d.n_val; i++)
        {
          const fann_type *out = fann_run (ann, d.x_val + (size_t) i * d.n_in);

          target_vector (want, d.y_val[i], d.n_classes);
          err += squared_error (out, want, n_out);
          correct += predicted (out, d.n_classes) == d.y_val[i];
        }
      val_loss = d.n_val ? err / ((double) d.n_val * n_out) : NAN;
      val_accuracy = d.n_val ? (double) correct / d.n_val : NAN;
      epoch_seconds[e] = now () - t0;
      if (!isfinite (loss))
        die ("training diverged (loss is not finite); lower --lr");
    }

  printf ("{\"final\": true, \"epochs\": %d, \"epoch_seconds\": [", epochs);
  for (e = 0; e < epochs; e++)
    printf ("%s%.9g", e ? ", " : "", epoch_seconds[e]);
  printf ("], \"loss\": %.9g, \"accuracy\": %.9g, \"val_loss\": %.9g, "
          "\"val_accuracy\": %.9g, \"loss_name\": \"mse\", "
          "\"parameters\": %u, \"train_rows\": %d, \"validation_rows\": %d, "
          "\"classes\": %d, \"threads\": 1, \"seed\": %llu, \"lr\": %g, "
          "\"algorithm\": \"FANN_TRAIN_INCREMENTAL\"}\n",
          loss, accuracy, val_loss, val_accuracy,
          fann_get_total_connections (ann), d.n_train, d.n_val, d.n_classes,
          seed, lr);
  fann_destroy (ann);
  free (perm);
  free (epoch_seconds);
  free (d.x_train);
  free (d.x_val);
  free (d.y_train);
  free (d.y_val);
  return 0;
}
