// Frames, encoding and drawing.
#include "Common.hpp"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <vector>

namespace cvision {
static thread_local std::string last_error;
void set_error(const char *message) { last_error = message ? message : ""; }
void set_error(const std::string &message) { last_error = message; }
void clear_error() { last_error.clear(); }
}  // namespace cvision

struct cvision_bytes {
    std::vector<uchar> data;
    std::vector<int> params;
};

extern "C" {

const char *cvision_last_error(void) { return cvision::last_error.c_str(); }

void cvision_set_num_threads(int32_t threads) {
    try {
        cv::setNumThreads(threads);
    } catch (...) {
    }
}

cvision_status cvision_frame_create(int32_t width, int32_t height, cvision_frame **out) {
    *out = nullptr;
    if (width < 0 || height < 0) {
        cvision::set_error("frame size must not be negative");
        return CVISION_ERR_ARGUMENT;
    }
    CVISION_GUARD({
        auto frame = new cvision_frame();
        if (width > 0 && height > 0) frame->mat.create(height, width, CV_8UC3);
        *out = frame;
        return CVISION_OK;
    })
}

void cvision_frame_destroy(cvision_frame *frame) {
    try {
        delete frame;
    } catch (...) {
    }
}

int32_t cvision_frame_width(const cvision_frame *frame) { return frame->mat.cols; }
int32_t cvision_frame_height(const cvision_frame *frame) { return frame->mat.rows; }
size_t cvision_frame_stride(const cvision_frame *frame) { return frame->mat.step[0]; }
uint8_t *cvision_frame_data(cvision_frame *frame) { return frame->mat.empty() ? nullptr : frame->mat.data; }

cvision_status cvision_frame_reshape(cvision_frame *frame, int32_t width, int32_t height) {
    if (width <= 0 || height <= 0) {
        cvision::set_error("frame size must be positive");
        return CVISION_ERR_ARGUMENT;
    }
    CVISION_GUARD({
        frame->mat.create(height, width, CV_8UC3);
        return CVISION_OK;
    })
}

cvision_status cvision_frame_fill(cvision_frame *frame, cvision_color color) {
    CVISION_GUARD({
        frame->mat.setTo(cvision::scalar(color));
        return CVISION_OK;
    })
}

cvision_status cvision_frame_copy(const cvision_frame *src, cvision_frame *dst) {
    CVISION_GUARD({
        src->mat.copyTo(dst->mat);
        return CVISION_OK;
    })
}

static cvision_status adopt_bgr(cvision_frame *frame, const cv::Mat &decoded) {
    if (decoded.channels() == 3) {
        decoded.copyTo(frame->mat);
    } else if (decoded.channels() == 1) {
        cv::cvtColor(decoded, frame->mat, cv::COLOR_GRAY2BGR);
    } else if (decoded.channels() == 4) {
        cv::cvtColor(decoded, frame->mat, cv::COLOR_BGRA2BGR);
    } else {
        cvision::set_error("unsupported channel count");
        return CVISION_ERR_ARGUMENT;
    }
    return CVISION_OK;
}

cvision_status cvision_frame_load(cvision_frame *frame, const char *path) {
    CVISION_GUARD({
        cv::Mat decoded = cv::imread(path, cv::IMREAD_COLOR);
        if (decoded.empty()) {
            cvision::set_error(std::string("cannot read image ") + path);
            return CVISION_ERR_IO;
        }
        if (decoded.size() == frame->mat.size() && frame->mat.type() == CV_8UC3) {
            decoded.copyTo(frame->mat);
        } else {
            frame->mat = decoded;
        }
        return CVISION_OK;
    })
}

cvision_status cvision_frame_save(const cvision_frame *frame, const char *path) {
    CVISION_GUARD({
        if (!cv::imwrite(path, frame->mat)) {
            cvision::set_error(std::string("cannot write image ") + path);
            return CVISION_ERR_IO;
        }
        return CVISION_OK;
    })
}

cvision_status cvision_frame_decode(cvision_frame *frame, const uint8_t *bytes, size_t count) {
    if (count == 0 || count > (size_t)INT32_MAX) {
        cvision::set_error("encoded image size out of range");
        return CVISION_ERR_ARGUMENT;
    }
    CVISION_GUARD({
        cv::Mat input(1, (int)count, CV_8UC1, const_cast<uint8_t *>(bytes));
        cv::Mat decoded = cv::imdecode(input, cv::IMREAD_COLOR);
        if (decoded.empty()) {
            cvision::set_error("cannot decode image bytes");
            return CVISION_ERR_IO;
        }
        return adopt_bgr(frame, decoded);
    })
}

cvision_status cvision_frame_resize(const cvision_frame *src, cvision_frame *dst, int32_t width, int32_t height,
                                    int32_t interpolation) {
    if (width <= 0 || height <= 0) {
        cvision::set_error("resize size must be positive");
        return CVISION_ERR_ARGUMENT;
    }
    CVISION_GUARD({
        cv::resize(src->mat, dst->mat, cv::Size(width, height), 0, 0, interpolation);
        return CVISION_OK;
    })
}

cvision_status cvision_bytes_create(cvision_bytes **out) {
    *out = nullptr;
    CVISION_GUARD({
        auto bytes = new cvision_bytes();
        bytes->params = {cv::IMWRITE_JPEG_QUALITY, 80};
        bytes->data.reserve(64 * 1024);
        *out = bytes;
        return CVISION_OK;
    })
}

void cvision_bytes_destroy(cvision_bytes *bytes) {
    try {
        delete bytes;
    } catch (...) {
    }
}

const uint8_t *cvision_bytes_data(const cvision_bytes *bytes) {
    return bytes->data.empty() ? nullptr : bytes->data.data();
}

size_t cvision_bytes_count(const cvision_bytes *bytes) { return bytes->data.size(); }

cvision_status cvision_frame_encode_jpeg(const cvision_frame *frame, int32_t quality, cvision_bytes *bytes) {
    if (quality < 1 || quality > 100) {
        cvision::set_error("JPEG quality must be 1...100");
        return CVISION_ERR_ARGUMENT;
    }
    if (frame->mat.empty()) {
        cvision::set_error("cannot encode an empty frame");
        return CVISION_ERR_ARGUMENT;
    }
    CVISION_GUARD({
        bytes->params[1] = quality;
        if (!cv::imencode(".jpg", frame->mat, bytes->data, bytes->params)) {
            cvision::set_error("JPEG encoding failed");
            return CVISION_ERR_IO;
        }
        return CVISION_OK;
    })
}

// Drawing uses 4 fractional bits so sub-pixel coordinates are kept.
static constexpr int kShift = 4;
static inline cv::Point fixed(double x, double y) {
    return cv::Point(cvRound(x * (1 << kShift)), cvRound(y * (1 << kShift)));
}

cvision_status cvision_draw_line(cvision_frame *frame, double x1, double y1, double x2, double y2,
                                 cvision_color color, int32_t thickness) {
    CVISION_GUARD({
        cv::line(frame->mat, fixed(x1, y1), fixed(x2, y2), cvision::scalar(color), std::max(1, thickness),
                 cv::LINE_AA, kShift);
        return CVISION_OK;
    })
}

cvision_status cvision_draw_rectangle(cvision_frame *frame, double x, double y, double width, double height,
                                      cvision_color color, int32_t thickness) {
    CVISION_GUARD({
        cv::rectangle(frame->mat, fixed(x, y), fixed(x + width, y + height), cvision::scalar(color),
                      thickness < 0 ? cv::FILLED : std::max(1, thickness), cv::LINE_8, kShift);
        return CVISION_OK;
    })
}

cvision_status cvision_draw_blended_rectangle(cvision_frame *frame, int32_t x, int32_t y, int32_t width,
                                              int32_t height, cvision_color color, double alpha) {
    CVISION_GUARD({
        cv::Rect rect = cv::Rect(x, y, width, height) & cv::Rect(0, 0, frame->mat.cols, frame->mat.rows);
        if (rect.area() <= 0) return CVISION_OK;
        double a = std::min(1.0, std::max(0.0, alpha));
        cv::Mat roi = frame->mat(rect);
        // In place: roi = roi * (1 - a) + color * a, without a temporary image.
        cv::Scalar c = cvision::scalar(color);
        roi.convertTo(roi, -1, 1.0 - a, 0);
        cv::add(roi, cv::Scalar(c[0] * a, c[1] * a, c[2] * a), roi);
        return CVISION_OK;
    })
}

cvision_status cvision_draw_circle(cvision_frame *frame, double cx, double cy, double radius, cvision_color color,
                                   int32_t thickness) {
    CVISION_GUARD({
        cv::circle(frame->mat, fixed(cx, cy), cvRound(radius * (1 << kShift)), cvision::scalar(color),
                   thickness < 0 ? cv::FILLED : std::max(1, thickness), cv::LINE_AA, kShift);
        return CVISION_OK;
    })
}

static void to_points(const float *xy, int32_t count, std::vector<cv::Point> &points) {
    points.resize(count);
    for (int32_t i = 0; i < count; i++) points[i] = fixed(xy[2 * i], xy[2 * i + 1]);
}

cvision_status cvision_draw_polyline(cvision_frame *frame, const float *xy, int32_t count, int32_t closed,
                                     cvision_color color, int32_t thickness) {
    if (count < 2) return CVISION_OK;
    CVISION_GUARD({
        static thread_local std::vector<cv::Point> points;
        to_points(xy, count, points);
        const cv::Point *pts = points.data();
        int n = count;
        cv::polylines(frame->mat, &pts, &n, 1, closed != 0, cvision::scalar(color), std::max(1, thickness),
                      cv::LINE_AA, kShift);
        return CVISION_OK;
    })
}

cvision_status cvision_draw_filled_polygon(cvision_frame *frame, const float *xy, int32_t count,
                                           cvision_color color) {
    if (count < 3) return CVISION_OK;
    CVISION_GUARD({
        static thread_local std::vector<cv::Point> points;
        to_points(xy, count, points);
        const cv::Point *pts = points.data();
        int n = count;
        cv::fillPoly(frame->mat, &pts, &n, 1, cvision::scalar(color), cv::LINE_AA, kShift);
        return CVISION_OK;
    })
}

cvision_status cvision_draw_arrow(cvision_frame *frame, double x1, double y1, double x2, double y2,
                                  cvision_color color, int32_t thickness, double tip_length) {
    CVISION_GUARD({
        cv::arrowedLine(frame->mat, fixed(x1, y1), fixed(x2, y2), cvision::scalar(color), std::max(1, thickness),
                        cv::LINE_AA, kShift, tip_length);
        return CVISION_OK;
    })
}

cvision_status cvision_draw_text(cvision_frame *frame, const char *text, double x, double y, double scale,
                                 cvision_color color, int32_t thickness) {
    CVISION_GUARD({
        cv::putText(frame->mat, text, cv::Point(cvRound(x), cvRound(y)), cv::FONT_HERSHEY_SIMPLEX, scale,
                    cvision::scalar(color), std::max(1, thickness), cv::LINE_AA);
        return CVISION_OK;
    })
}

cvision_status cvision_text_size(const char *text, double scale, int32_t thickness, int32_t *width,
                                 int32_t *height, int32_t *baseline) {
    CVISION_GUARD({
        int base = 0;
        cv::Size size = cv::getTextSize(text, cv::FONT_HERSHEY_SIMPLEX, scale, std::max(1, thickness), &base);
        *width = size.width;
        *height = size.height;
        *baseline = base;
        return CVISION_OK;
    })
}

}  // extern "C"
