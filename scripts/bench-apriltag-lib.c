// Times apriltag_detector_detect alone (no wrapper, no grey conversion) on 8-bit PGM images, with the settings
// bench-vision.sh uses on both sides (36h11 with 2 corrected bits, decimate 2, sigma 0, refine edges, sharpening
// 0.25, one thread, the library's default quad-threshold parameters). The figure is each image's median
// per-frame CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID): time spent waiting for a core on a busy
// machine is not counted, so two library builds can be compared there.
// Built by scripts/bench-apriltag-lib.sh against the vendored library (Sources/CAprilTag), Debian's libapriltag and
// WPILib's (robotpy-native-apriltag).
// Usage: apriltag_lib_bench REPEAT IMAGE.pgm...
#include <apriltag.h>
#include <tag36h11.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double thread_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s REPEAT IMAGE.pgm...\n", argv[0]);
        return 2;
    }
    int repeat = atoi(argv[1]);
    if (repeat < 1) repeat = 1;
    apriltag_family_t *family = tag36h11_create();
    apriltag_detector_t *td = apriltag_detector_create();
    apriltag_detector_add_family_bits(td, family, 2);
    td->quad_decimate = 2;
    td->quad_sigma = 0;
    td->nthreads = 1;
    td->refine_edges = 1;
    td->decode_sharpening = 0.25;
    td->qtp.min_cluster_pixels = 5;
    td->qtp.max_nmaxima = 10;
    td->qtp.max_line_fit_mse = 10;
    td->qtp.min_white_black_diff = 5;
    td->qtp.deglitch = 0;
    double *times = malloc(sizeof(double) * (size_t)repeat);
    for (int a = 2; a < argc; a++) {
        FILE *file = fopen(argv[a], "rb");
        int width, height;
        if (!file || fscanf(file, "P5 %d %d 255", &width, &height) != 2) {
            fprintf(stderr, "%s: not an 8-bit PGM\n", argv[a]);
            return 1;
        }
        fgetc(file);
        image_u8_t image = {width, height, width, malloc((size_t)width * (size_t)height)};
        if (fread(image.buf, 1, (size_t)width * (size_t)height, file) != (size_t)width * (size_t)height) return 1;
        fclose(file);
        int tags = 0;
        for (int r = 0; r < repeat; r++) {
            double start = thread_seconds();
            zarray_t *found = apriltag_detector_detect(td, &image);
            times[r] = thread_seconds() - start;
            tags = zarray_size(found);
            apriltag_detections_destroy(found);
        }
        qsort(times, (size_t)repeat, sizeof(double), compare);
        printf("{\"image\": \"%s\", \"width\": %d, \"height\": %d, \"tags\": %d, \"median_cpu_ms\": %.4f}\n", argv[a],
               width, height, tags, times[repeat / 2] * 1e3);
        free(image.buf);
    }
    free(times);
    apriltag_detector_destroy(td);
    tag36h11_destroy(family);
    return 0;
}
