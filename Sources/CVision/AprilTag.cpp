// AprilTag detection with the AprilRobotics library; poses with OpenCV's IPPE_SQUARE solver.
#include "Common.hpp"

#include <CAprilTag.h>

#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <vector>

struct cvision_apriltag {
    cvision_apriltag_config config{};
    apriltag_detector_t *detector = nullptr;
    apriltag_family_t *family = nullptr;
    cv::Mat gray;
    std::vector<cvision_tag_detection> detections;
    std::vector<cv::Point3f> object;
    std::vector<cv::Point2f> image;
    std::vector<cv::Point2f> reprojected;
    std::vector<cv::Mat> rvecs, tvecs;
    // Pose inputs kept across frames: rebuilt only when the calibration or the tag size changes.
    cvision_calibration pose_calibration{};
    double pose_tag_size = 0;
    cv::Mat camera = cv::Mat(3, 3, CV_64F);
    cv::Mat dist;

    ~cvision_apriltag() {
        if (detector) apriltag_detector_destroy(detector);
        if (family) {
            if (config.family == CVISION_TAG_36H11) tag36h11_destroy(family);
            else tag16h5_destroy(family);
        }
    }
};

namespace {

// Field by field (the struct has tail padding, so no memcmp).
bool same_calibration(const cvision_calibration &a, const cvision_calibration &b) {
    if (a.fx != b.fx || a.fy != b.fy || a.cx != b.cx || a.cy != b.cy || a.distortion_count != b.distortion_count)
        return false;
    for (int i = 0; i < 8; i++)
        if (a.distortion[i] != b.distortion[i]) return false;
    return true;
}

}  // namespace

extern "C" {

cvision_status cvision_apriltag_create(const cvision_apriltag_config *config, cvision_apriltag **out) {
    *out = nullptr;
    if (config->family != CVISION_TAG_36H11 && config->family != CVISION_TAG_16H5) {
        cvision::set_error("unknown tag family");
        return CVISION_ERR_ARGUMENT;
    }
    if (config->quad_decimate < 1 || config->threads < 1 || config->max_bits_corrected < 0 ||
        config->max_bits_corrected > 3) {
        cvision::set_error("quad_decimate and threads must be >= 1, max_bits_corrected 0...3");
        return CVISION_ERR_ARGUMENT;
    }
    CVISION_GUARD({
        auto d = new cvision_apriltag();
        d->config = *config;
        d->family = config->family == CVISION_TAG_36H11 ? tag36h11_create() : tag16h5_create();
        d->detector = apriltag_detector_create();
        if (!d->family || !d->detector) {
            delete d;
            cvision::set_error("cannot create the AprilTag detector");
            return CVISION_ERR_ALLOC;
        }
        apriltag_detector_add_family_bits(d->detector, d->family, config->max_bits_corrected);
        d->detector->quad_decimate = config->quad_decimate;
        d->detector->quad_sigma = config->quad_sigma;
        d->detector->nthreads = config->threads;
        d->detector->refine_edges = config->refine_edges != 0;
        d->detector->decode_sharpening = config->decode_sharpening;
        d->detections.reserve(32);
        d->image.resize(4);
        d->object.resize(4);
        d->rvecs.reserve(2);
        d->tvecs.reserve(2);
        *out = d;
        return CVISION_OK;
    })
}

void cvision_apriltag_destroy(cvision_apriltag *detector) {
    try {
        delete detector;
    } catch (...) {
    }
}

cvision_status cvision_apriltag_detect(cvision_apriltag *d, const cvision_frame *frame,
                                       const cvision_calibration *calibration, double tag_size_m, int32_t *count) {
    *count = 0;
    d->detections.clear();
    if (frame->mat.empty()) {
        cvision::set_error("empty frame");
        return CVISION_ERR_ARGUMENT;
    }
    CVISION_GUARD({
        cv::cvtColor(frame->mat, d->gray, cv::COLOR_BGR2GRAY);
        image_u8_t image = {d->gray.cols, d->gray.rows, int32_t(d->gray.step[0]), d->gray.data};
        zarray_t *found = apriltag_detector_detect(d->detector, &image);
        if (!found) {
            cvision::set_error("the AprilTag detector failed");
            return CVISION_ERR_UNKNOWN;
        }
        for (int i = 0; i < zarray_size(found); i++) {
            apriltag_detection_t *det = nullptr;
            zarray_get(found, i, &det);
            if (det->hamming > d->config.max_hamming || det->decision_margin < d->config.min_decision_margin)
                continue;
            cvision_tag_detection out{};
            out.id = det->id;
            out.hamming = det->hamming;
            out.decision_margin = det->decision_margin;
            for (int k = 0; k < 4; k++) {
                out.corners[2 * k] = float(det->p[k][0]);
                out.corners[2 * k + 1] = float(det->p[k][1]);
            }
            out.center[0] = float(det->c[0]);
            out.center[1] = float(det->c[1]);
            d->detections.push_back(out);
        }
        apriltag_detections_destroy(found);

        if (calibration && tag_size_m > 0 && !d->detections.empty()) {
            if (tag_size_m != d->pose_tag_size) {
                const float h = float(tag_size_m / 2);
                // IPPE_SQUARE's corner order; the library's corners wrap counter-clockwise from bottom-left.
                d->object[0] = {-h, h, 0};
                d->object[1] = {h, h, 0};
                d->object[2] = {h, -h, 0};
                d->object[3] = {-h, -h, 0};
                d->pose_tag_size = tag_size_m;
            }
            if (d->dist.empty() || !same_calibration(*calibration, d->pose_calibration)) {
                d->camera = cvision::camera_matrix(*calibration);
                d->dist = cvision::distortion(*calibration, true);
                d->pose_calibration = *calibration;
            }
            const cv::Mat &camera = d->camera;
            const cv::Mat &dist = d->dist;
            for (auto &det : d->detections) {
                // In OpenCV's pixel convention, as the camera matrix is.
                const float shift = float(CVISION_APRILTAG_PIXEL_CENTER);
                for (int k = 0; k < 4; k++)
                    d->image[k] = cv::Point2f(det.corners[2 * k] - shift, det.corners[2 * k + 1] - shift);
                // Not cleared: solvePnPGeneric reuses the Mats already in the vectors when their shape matches.
                int n = cv::solvePnPGeneric(d->object, d->image, camera, dist, d->rvecs, d->tvecs, false,
                                            cv::SOLVEPNP_IPPE_SQUARE);
                double best = 1e300;
                int chosen = -1;
                for (int s = 0; s < n; s++) {
                    if (d->tvecs[s].at<double>(2) <= 0) continue;
                    cv::projectPoints(d->object, d->rvecs[s], d->tvecs[s], camera, dist, d->reprojected);
                    double error = 0;
                    for (int k = 0; k < 4; k++) error += cv::norm(d->reprojected[k] - d->image[k]);
                    error /= 4;
                    if (error < best) {
                        best = error;
                        chosen = s;
                    }
                }
                if (chosen < 0) continue;
                det.has_pose = 1;
                for (int k = 0; k < 3; k++) {
                    det.pose.rvec[k] = d->rvecs[chosen].at<double>(k);
                    det.pose.tvec[k] = d->tvecs[chosen].at<double>(k);
                }
                const double tx = det.pose.tvec[0], ty = det.pose.tvec[1], tz = det.pose.tvec[2];
                det.distance_m = std::sqrt(tx * tx + ty * ty + tz * tz);
                det.yaw_deg = std::atan2(tx, tz) * 180.0 / M_PI;
                det.pitch_deg = std::atan2(-ty, std::sqrt(tx * tx + tz * tz)) * 180.0 / M_PI;
                det.reprojection_error_px = best;
            }
        }
        *count = int32_t(d->detections.size());
        return CVISION_OK;
    })
}

cvision_status cvision_apriltag_detection(const cvision_apriltag *d, int32_t index, cvision_tag_detection *out) {
    if (index < 0 || size_t(index) >= d->detections.size()) {
        cvision::set_error("detection index out of range");
        return CVISION_ERR_ARGUMENT;
    }
    *out = d->detections[size_t(index)];
    return CVISION_OK;
}

}  // extern "C"
