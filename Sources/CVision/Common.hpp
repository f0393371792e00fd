// Shared helpers for the CVision shim: the per-thread last error and the exception barrier.
#pragma once

#include "CVision.h"

#include <opencv2/core.hpp>

#include <exception>
#include <new>
#include <string>

struct cvision_frame {
    cv::Mat mat;
};

namespace cvision {

void set_error(const char *message);
void set_error(const std::string &message);
void clear_error();

inline cv::Scalar scalar(cvision_color c) { return cv::Scalar(c.b, c.g, c.r); }

inline cv::Mat camera_matrix(const cvision_calibration &c) {
    return (cv::Mat_<double>(3, 3) << c.fx, 0, c.cx, 0, c.fy, c.cy, 0, 0, 1);
}

inline cv::Mat distortion(const cvision_calibration &c, bool use) {
    int n = c.distortion_count;
    if (!use || n <= 0) return cv::Mat::zeros(1, 5, CV_64F);
    if (n != 4 && n != 5 && n != 8) n = n < 4 ? 4 : (n < 8 ? 5 : 8);
    cv::Mat d(1, n, CV_64F);
    for (int i = 0; i < n; i++) d.at<double>(0, i) = c.distortion[i];
    return d;
}

}  // namespace cvision

/// Runs `body` (a block of statements returning cvision_status) and turns every C++ exception into a status.
#define CVISION_GUARD(...)                                                      \
    try {                                                                       \
        cvision::clear_error();                                                 \
        __VA_ARGS__                                                             \
    } catch (const cv::Exception &e) {                                          \
        cvision::set_error(e.what());                                           \
        return CVISION_ERR_OPENCV;                                              \
    } catch (const std::bad_alloc &) {                                          \
        cvision::set_error("out of memory");                                    \
        return CVISION_ERR_ALLOC;                                               \
    } catch (const std::exception &e) {                                         \
        cvision::set_error(e.what());                                           \
        return CVISION_ERR_UNKNOWN;                                             \
    } catch (...) {                                                             \
        cvision::set_error("unknown C++ exception");                            \
        return CVISION_ERR_UNKNOWN;                                             \
    }
