/* Forced-include header (gcc -include) for the old-glibc build (installer/build_old_glibc.sh).
 *
 * The build runs on Debian 11 (glibc 2.31) but its files must load on glibc 2.28 (UOS 20,
 * Debian 10). glibc 2.29 gave libm's exp, log, pow, exp2 and log2 new, faster versions
 * (GLIBC_2.29); code compiled against 2.29+ headers asks for those and does not load on 2.28.
 * The old entry points are still in every later libm: bind the calls to them. Everything else
 * that is newer than 2.28 is switched off in the build's configure options instead; the result
 * is checked by installer/check_glibc.py.
 */
#ifndef JIFEN_GLIBC_COMPAT_H
#define JIFEN_GLIBC_COMPAT_H

#if defined(__x86_64__)
#define JIFEN_LIBM_OLD "GLIBC_2.2.5"
#elif defined(__aarch64__)
#define JIFEN_LIBM_OLD "GLIBC_2.17"
#endif

#ifdef JIFEN_LIBM_OLD
__asm__(".symver exp,exp@" JIFEN_LIBM_OLD);
__asm__(".symver log,log@" JIFEN_LIBM_OLD);
__asm__(".symver pow,pow@" JIFEN_LIBM_OLD);
__asm__(".symver exp2,exp2@" JIFEN_LIBM_OLD);
__asm__(".symver log2,log2@" JIFEN_LIBM_OLD);
#endif

#endif
