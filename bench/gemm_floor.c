/* gemm_floor: how long one training epoch's matrix products take in OpenBLAS
 * alone, at the shapes a dense network really uses.  Part of bench_train.py.
 *
 * For an MLP with widths d0, d1, …, dL, a batch of n rows does, per layer l
 * (1-based, in → out = d(l-1) → d(l)), with row-major matrices the way
 * engine/bp-model.c calls cblas_sgemm:
 *
 *   forward   Z  = X · W        (n × in) · (in × out)       NoTrans, NoTrans
 *   backward  dW = Xᵀ · dZ      (in × n) · (n × out)        Trans,   NoTrans
 *             dX = dZ · Wᵀ      (n × out) · (out × in)      NoTrans, Trans
 *
 * dX is skipped for the first layer: nobody needs the gradient of the
 * inputs (neither Backprop nor PyTorch computes it).  Each product is
 * 2·m·n·k flops.  The validation pass is one forward pass over the
 * validation rows in chunks of --eval-rows (1024, as Backprop does).
 *
 * One "step" is all the GEMMs of one batch, in order, on buffers that stay
 * the same (so caches are as warm as they can be).  A step is repeated
 * until a sample lasts --min-seconds; of --samples samples the fastest is
 * kept: this is a floor, not a typical time.
 *
 *   epoch floor = full batches × step(n) + step(last partial batch)
 *               + validation chunks × forward(chunk) + forward(last chunk)
 *
 * Nothing else of training (activations, loss, optimizer, copying rows) is
 * in it, so a trainer's epoch time divided by this is the multiple of the
 * pure-GEMM time it spends.
 *
 * Build: cc -O2 bench/gemm_floor.c $(pkg-config --cflags --libs openblas) -o gemm_floor
 * Usage: gemm_floor --layers 30,128,64,1 --batch 32 --train-rows 455
 *                   --val-rows 114 [--eval-rows 1024] [--threads 1]
 *                   [--min-seconds 0.05] [--samples 5]
 *        gemm_floor --config        (OpenBLAS build and core, as JSON)
 * Prints one JSON object on stdout.
 */

#define _POSIX_C_SOURCE 200809L

#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_LAYERS 32

/* Not in every cblas.h, but exported by every OpenBLAS. */
extern void openblas_set_num_threads (int num_threads);
extern int openblas_get_num_threads (void);
extern char *openblas_get_config (void);
extern char *openblas_get_corename (void);

typedef struct
{
  int n_widths;
  int widths[MAX_LAYERS + 1];
  int max_rows;
  float *w[MAX_LAYERS];     /* in × out */
  float *dw[MAX_LAYERS];    /* in × out */
  float *act[MAX_LAYERS + 1]; /* act[0] = input, act[l] = output of layer l: max_rows × d(l) */
  float *dz[MAX_LAYERS + 1];  /* max_rows × d(l) */
} Net;

static double
now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (double) ts.tv_sec + (double) ts.tv_nsec * 1e-9;
}

static unsigned long long rng_state = 0x9E3779B97F4A7C15ull;

static float
uniform (void)
{
  /* xorshift64*: values in [-1, 1), no denormals anywhere */
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  unsigned long long r = rng_state * 2685821657736338717ull;
  return (float) ((double) (r >> 40) / (double) (1ull << 24)) * 2.0f - 1.0f;
}

static float *
filled (size_t count, float scale)
{
  float *p = malloc ((count ? count : 1) * sizeof (float));
  if (p == NULL)
    {
      fprintf (stderr, "gemm_floor: out of memory\n");
      exit (1);
    }
  for (size_t i = 0; i < count; i++)
    p[i] = uniform () * scale;
  return p;
}

static void
net_init (Net *net, int max_rows)
{
  net->max_rows = max_rows;
  int L = net->n_widths - 1;
  for (int l = 0; l <= L; l++)
    {
      net->act[l] = filled ((size_t) max_rows * net->widths[l], 1.0f);
      net->dz[l] = filled ((size_t) max_rows * net->widths[l], 0.01f);
    }
  for (int l = 0; l < L; l++)
    {
      size_t size = (size_t) net->widths[l] * net->widths[l + 1];
      net->w[l] = filled (size, 0.1f);
      net->dw[l] = filled (size, 0.0f);
    }
}

/* Layer l (0-based) maps widths[l] → widths[l + 1]. */
static void
forward (Net *net, int n)
{
  int L = net->n_widths - 1;
  for (int l = 0; l < L; l++)
    {
      int in = net->widths[l], out = net->widths[l + 1];
      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, n, out, in, 1.0f,
                   net->act[l], in, net->w[l], out, 1.0f, net->act[l + 1], out);
    }
}

static void
backward (Net *net, int n)
{
  int L = net->n_widths - 1;
  for (int l = L - 1; l >= 0; l--)
    {
      int in = net->widths[l], out = net->widths[l + 1];
      cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, in, out, n, 1.0f,
                   net->act[l], in, net->dz[l + 1], out, 0.0f, net->dw[l], out);
      if (l > 0)
        cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, n, in, out, 1.0f,
                     net->dz[l + 1], out, net->w[l], out, 0.0f, net->dz[l], in);
    }
}

static double
forward_flops (const Net *net, int n)
{
  double f = 0.0;
  for (int l = 0; l + 1 < net->n_widths; l++)
    f += 2.0 * n * net->widths[l] * net->widths[l + 1];
  return f;
}

static double
step_flops (const Net *net, int n)
{
  /* forward + dW for every layer + dX for every layer but the first */
  double f = 2.0 * forward_flops (net, n);
  f += forward_flops (net, n) - 2.0 * n * net->widths[0] * net->widths[1];
  return f;
}

typedef enum { KIND_STEP, KIND_FORWARD } Kind;

static void
run_once (Net *net, Kind kind, int n)
{
  forward (net, n);
  if (kind == KIND_STEP)
    backward (net, n);
}

/* Fastest per-call time over `samples` samples of at least min_seconds. */
static double
time_floor (Net *net, Kind kind, int n, double min_seconds, int samples)
{
  if (n <= 0)
    return 0.0;
  run_once (net, kind, n);   /* warm-up: thread start, page faults */
  long reps = 1;
  for (;;)
    {
      double t0 = now ();
      for (long r = 0; r < reps; r++)
        run_once (net, kind, n);
      double t = now () - t0;
      if (t >= min_seconds || reps >= (1L << 30))
        break;
      reps = t > 0.0 ? (long) (reps * (min_seconds * 1.2 / t)) + 1 : reps * 10;
    }
  double best = 1e300;
  for (int s = 0; s < samples; s++)
    {
      double t0 = now ();
      for (long r = 0; r < reps; r++)
        run_once (net, kind, n);
      double t = (now () - t0) / (double) reps;
      if (t < best)
        best = t;
    }
  return best;
}

static void
print_json_string (const char *s)
{
  putchar ('"');
  for (; s && *s; s++)
    {
      unsigned char c = (unsigned char) *s;
      if (c == '"' || c == '\\')
        printf ("\\%c", c);
      else if (c < 0x20)
        printf ("\\u%04x", c);
      else
        putchar (c);
    }
  putchar ('"');
}

static int
parse_widths (Net *net, const char *text)
{
  char *copy = strdup (text), *save = NULL;
  net->n_widths = 0;
  for (char *tok = strtok_r (copy, ",", &save); tok; tok = strtok_r (NULL, ",", &save))
    {
      int v = atoi (tok);
      if (v < 1 || net->n_widths > MAX_LAYERS)
        {
          free (copy);
          return 0;
        }
      net->widths[net->n_widths++] = v;
    }
  free (copy);
  return net->n_widths >= 2;
}

static void
usage (void)
{
  fprintf (stderr,
           "usage: gemm_floor --layers D0,D1,...,DL --batch N --train-rows N --val-rows N\n"
           "                  [--eval-rows 1024] [--threads 1] [--min-seconds 0.05] [--samples 5]\n"
           "       gemm_floor --config\n");
  exit (2);
}

int
main (int argc, char **argv)
{
  Net net;
  memset (&net, 0, sizeof net);
  const char *layers = NULL;
  int batch = 0, threads = 1, eval_rows = 1024, samples = 5;
  long train_rows = -1, val_rows = 0;
  double min_seconds = 0.05;
  int config_only = 0;

  for (int i = 1; i < argc; i++)
    {
      const char *a = argv[i];
      const char *v = i + 1 < argc ? argv[i + 1] : NULL;
      if (strcmp (a, "--config") == 0)
        config_only = 1;
      else if (v == NULL)
        usage ();
      else if (strcmp (a, "--layers") == 0)
        layers = v, i++;
      else if (strcmp (a, "--batch") == 0)
        batch = atoi (v), i++;
      else if (strcmp (a, "--train-rows") == 0)
        train_rows = atol (v), i++;
      else if (strcmp (a, "--val-rows") == 0)
        val_rows = atol (v), i++;
      else if (strcmp (a, "--eval-rows") == 0)
        eval_rows = atoi (v), i++;
      else if (strcmp (a, "--threads") == 0)
        threads = atoi (v), i++;
      else if (strcmp (a, "--min-seconds") == 0)
        min_seconds = atof (v), i++;
      else if (strcmp (a, "--samples") == 0)
        samples = atoi (v), i++;
      else
        usage ();
    }

  openblas_set_num_threads (threads < 1 ? 1 : threads);
  if (config_only)
    {
      printf ("{\"config\":");
      print_json_string (openblas_get_config ());
      printf (",\"corename\":");
      print_json_string (openblas_get_corename ());
      printf (",\"threads\":%d}\n", openblas_get_num_threads ());
      return 0;
    }
  if (layers == NULL || !parse_widths (&net, layers) || batch < 1 || train_rows < 1 || val_rows < 0 ||
      eval_rows < 1 || samples < 1 || min_seconds <= 0.0)
    usage ();

  net_init (&net, batch > eval_rows ? batch : eval_rows);

  long full = train_rows / batch;
  int tail = (int) (train_rows % batch);
  long val_full = val_rows / eval_rows;
  int val_tail = (int) (val_rows % eval_rows);

  double t_step = time_floor (&net, KIND_STEP, batch, min_seconds, samples);
  double t_tail = time_floor (&net, KIND_STEP, tail, min_seconds, samples);
  double t_val = val_full ? time_floor (&net, KIND_FORWARD, eval_rows, min_seconds, samples) : 0.0;
  double t_val_tail = time_floor (&net, KIND_FORWARD, val_tail, min_seconds, samples);

  double train_seconds = (double) full * t_step + t_tail;
  double val_seconds = (double) val_full * t_val + t_val_tail;
  double train_flops = (double) full * step_flops (&net, batch) + (tail ? step_flops (&net, tail) : 0.0);
  double val_flops = (double) val_full * forward_flops (&net, eval_rows) + (val_tail ? forward_flops (&net, val_tail) : 0.0);
  double epoch_seconds = train_seconds + val_seconds;

  printf ("{\"threads\":%d,\"layers\":", openblas_get_num_threads ());
  print_json_string (layers);
  printf (",\"batch\":%d,\"train_rows\":%ld,\"val_rows\":%ld,\"eval_rows\":%d,"
          "\"full_batches\":%ld,\"tail_rows\":%d,\"val_chunks\":%ld,\"val_tail_rows\":%d,",
          batch, train_rows, val_rows, eval_rows, full, tail, val_full, val_tail);
  printf ("\"step_seconds\":%.9g,\"step_flops\":%.9g,\"tail_step_seconds\":%.9g,"
          "\"val_chunk_seconds\":%.9g,\"val_tail_seconds\":%.9g,",
          t_step, step_flops (&net, batch), t_tail, t_val, t_val_tail);
  printf ("\"train_seconds\":%.9g,\"val_seconds\":%.9g,\"epoch_seconds\":%.9g,"
          "\"epoch_flops\":%.9g,\"gflops\":%.6g,\"train_gflops\":%.6g}\n",
          train_seconds, val_seconds, epoch_seconds, train_flops + val_flops,
          epoch_seconds > 0 ? (train_flops + val_flops) / epoch_seconds * 1e-9 : 0.0,
          train_seconds > 0 ? train_flops / train_seconds * 1e-9 : 0.0);
  return 0;
}
