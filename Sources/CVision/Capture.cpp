// Frame capture through OpenCV's VideoCapture (V4L2 for devices, FFmpeg for files and network streams).
#include "Common.hpp"

#include <opencv2/videoio.hpp>

struct cvision_capture {
    cv::VideoCapture capture;
};

extern "C" {

cvision_status cvision_capture_open_device(const char *path, int32_t width, int32_t height, double fps,
                                           int32_t manual_exposure, double exposure, int32_t mjpeg,
                                           cvision_capture **out) {
    *out = nullptr;
    CVISION_GUARD({
        auto handle = new cvision_capture();
        if (!handle->capture.open(path, cv::CAP_V4L2) || !handle->capture.isOpened()) {
            delete handle;
            cvision::set_error(std::string("cannot open camera device ") + path +
                               " (is it plugged in, and is this user in the 'video' group?)");
            return CVISION_ERR_IO;
        }
        auto &cap = handle->capture;
        if (mjpeg) cap.set(cv::CAP_PROP_FOURCC, cv::VideoWriter::fourcc('M', 'J', 'P', 'G'));
        if (width > 0) cap.set(cv::CAP_PROP_FRAME_WIDTH, width);
        if (height > 0) cap.set(cv::CAP_PROP_FRAME_HEIGHT, height);
        if (fps > 0) cap.set(cv::CAP_PROP_FPS, fps);
        if (manual_exposure) {
            cap.set(cv::CAP_PROP_AUTO_EXPOSURE, 1);  // V4L2: 1 = manual, 3 = aperture priority (auto)
            cap.set(cv::CAP_PROP_EXPOSURE, exposure);
        }
        cap.set(cv::CAP_PROP_BUFFERSIZE, 1);
        *out = handle;
        return CVISION_OK;
    })
}

cvision_status cvision_capture_open_stream(const char *url, int32_t open_timeout_ms, int32_t read_timeout_ms,
                                           cvision_capture **out) {
    *out = nullptr;
    CVISION_GUARD({
        auto handle = new cvision_capture();
        std::vector<int> params = {cv::CAP_PROP_OPEN_TIMEOUT_MSEC, std::max(1, open_timeout_ms),
                                   cv::CAP_PROP_READ_TIMEOUT_MSEC, std::max(1, read_timeout_ms)};
        if (!handle->capture.open(url, cv::CAP_FFMPEG, params) || !handle->capture.isOpened()) {
            delete handle;
            cvision::set_error(std::string("cannot open stream or file ") + url);
            return CVISION_ERR_IO;
        }
        *out = handle;
        return CVISION_OK;
    })
}

void cvision_capture_destroy(cvision_capture *capture) {
    try {
        delete capture;
    } catch (...) {
    }
}

cvision_status cvision_capture_read(cvision_capture *capture, cvision_frame *frame) {
    CVISION_GUARD({
        if (!capture->capture.read(frame->mat) || frame->mat.empty()) {
            cvision::set_error("no frame from the capture");
            return CVISION_ERR_NO_FRAME;
        }
        if (frame->mat.type() != CV_8UC3) {
            cvision::set_error("capture delivered a non-BGR frame");
            return CVISION_ERR_NO_FRAME;
        }
        return CVISION_OK;
    })
}

double cvision_capture_fps(const cvision_capture *capture) {
    try {
        double fps = capture->capture.get(cv::CAP_PROP_FPS);
        return fps > 0 && fps < 1000 ? fps : 0;
    } catch (...) {
        return 0;
    }
}

cvision_status cvision_capture_rewind(cvision_capture *capture) {
    CVISION_GUARD({
        if (!capture->capture.set(cv::CAP_PROP_POS_FRAMES, 0)) {
            cvision::set_error("the capture cannot seek");
            return CVISION_ERR_IO;
        }
        return CVISION_OK;
    })
}

}  // extern "C"
