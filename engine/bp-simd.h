/* bp-simd.h: wider vectors for the element-wise hot loops.
 *
 * The engine is built for plain x86-64 so that one binary (and one
 * Flatpak) runs everywhere; BP_VECTORIZED functions get a second copy
 * compiled for x86-64-v3 (AVX2, FMA), picked at load time on CPUs that
 * have it. A given machine always runs the same copy, so seeded runs stay
 * bit-identical there.
 *
 * Not under ThreadSanitizer: the copy is picked by an ifunc resolver that
 * the dynamic loader runs before the TSan runtime has started, and the
 * resolver, being instrumented, crashes the program before main().
 */
#pragma once

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 12 \
    && !defined(__SANITIZE_THREAD__)
#define BP_VECTORIZED __attribute__ ((target_clones ("arch=x86-64-v3", "default")))
#else
#define BP_VECTORIZED
#endif
