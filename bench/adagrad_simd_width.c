// AdaGrad's update in C at two SIMD widths, to show what limits the WebAssembly
// kernel (bench/README.md): WebAssembly SIMD has 128-bit vectors, and this
// update is bound by the CPU's divide/square-root unit, not by memory.
//
//   gcc -O3 -msse4.2 -mno-avx -fno-math-errno bench/adagrad_simd_width.c -o /tmp/ada128 -lm && /tmp/ada128
//   gcc -O3 -march=native -fno-math-errno bench/adagrad_simd_width.c -o /tmp/ada256 -lm && /tmp/ada256
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(void) {
  const long n = 10000000;
  double *p = aligned_alloc(64, n * 8), *g = aligned_alloc(64, n * 8), *h = aligned_alloc(64, n * 8);
  for (long i = 0; i < n; i++) {
    p[i] = rand() / (double)RAND_MAX - 0.5;
    g[i] = rand() / (double)RAND_MAX - 0.5;
    h[i] = 0;
  }
  const double lr = 1e-3, eps = 1e-7;
  double best = 1e9;
  for (int r = 0; r < 7; r++) {
    double start = now();
    for (long i = 0; i < n; i++) {
      h[i] += g[i] * g[i];                    // h <- h + g*g
      p[i] -= lr * g[i] / (sqrt(h[i]) + eps); // W <- W - lr*g/(sqrt(h) + eps)
    }
    double took = now() - start;
    if (took < best) best = took;
  }
  printf("AdaGrad in C: %.2f ns per parameter\n", best / n * 1e9);
  best = 1e9;
  for (int r = 0; r < 7; r++) { // the same bytes moved, one add each: the memory floor
    double start = now();
    for (long i = 0; i < n; i++) {
      h[i] += g[i];
      p[i] += g[i];
    }
    double took = now() - start;
    if (took < best) best = took;
  }
  printf("the same bytes, one add each: %.2f ns per parameter\n", best / n * 1e9);
  return p[5] > 1e300; // use the result
}
