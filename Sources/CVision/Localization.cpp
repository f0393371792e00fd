// Field localization: the two IPPE poses of a square tag and the camera pose from many points (SQPnP + LM).
#include "Common.hpp"

#include <opencv2/calib3d.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace {

void write_pose(const cv::Mat &rvec, const cv::Mat &tvec, cvision_pose &pose) {
    cv::Mat r, t;
    rvec.convertTo(r, CV_64F);
    tvec.convertTo(t, CV_64F);
    for (int i = 0; i < 3; i++) {
        pose.rvec[i] = r.at<double>(i);
        pose.tvec[i] = t.at<double>(i);
    }
}

bool finite_pose(const cvision_pose &pose) {
    for (int i = 0; i < 3; i++) {
        if (!std::isfinite(pose.rvec[i]) || !std::isfinite(pose.tvec[i])) return false;
    }
    return true;
}

}  // namespace

extern "C" cvision_status cvision_solve_square_pose(const cvision_calibration *calibration, const double *corners_xy,
                                                    double size_m, cvision_square_pose_solutions *out) {
    CVISION_GUARD({
        *out = cvision_square_pose_solutions{};
        if (!(size_m > 0) || !std::isfinite(size_m)) {
            cvision::set_error("tag size must be positive");
            return CVISION_ERR_ARGUMENT;
        }
        for (int i = 0; i < 8; i++) {
            if (!std::isfinite(corners_xy[i])) {
                cvision::set_error("tag corners must be finite");
                return CVISION_ERR_ARGUMENT;
            }
        }
        // SOLVEPNP_IPPE_SQUARE wants (-s/2, s/2), (s/2, s/2), (s/2, -s/2), (-s/2, -s/2). In the documented tag
        // frame these are AprilTag corners 1, 0, 3, 2 (bottom right, bottom left, top left, top right).
        const double h = size_m / 2;
        const cv::Matx<double, 4, 3> object(-h, h, 0, h, h, 0, h, -h, 0, -h, -h, 0);
        static const int order[4] = {1, 0, 3, 2};
        cv::Matx<double, 4, 2> image;
        for (int i = 0; i < 4; i++) {
            image(i, 0) = corners_xy[2 * order[i]];
            image(i, 1) = corners_xy[2 * order[i] + 1];
        }
        const cv::Mat camera = cvision::camera_matrix(*calibration);
        const cv::Mat distortion = cvision::distortion(*calibration, true);
        std::vector<cv::Mat> rvecs, tvecs;
        cv::Mat errors(2, 1, CV_64F);  // non-empty: solvePnPGeneric keeps its type
        // As PhotonVision does: a degenerate (NaN) solution is retried once with the first point nudged.
        for (int attempt = 0; attempt < 2; attempt++) {
            rvecs.clear();
            tvecs.clear();
            cv::solvePnPGeneric(cv::Mat(object), cv::Mat(image), camera, distortion, rvecs, tvecs, false,
                                cv::SOLVEPNP_IPPE_SQUARE, cv::noArray(), cv::noArray(), errors);
            if (!rvecs.empty() && std::isfinite(errors.at<double>(0))) break;
            image(0, 0) -= 0.001;
            image(0, 1) -= 0.001;
        }
        const int count = static_cast<int>(std::min<size_t>(2, rvecs.size()));
        if (count == 0 || !std::isfinite(errors.at<double>(0))) {
            cvision::set_error("IPPE found no finite pose for the tag");
            return CVISION_ERR_ARGUMENT;
        }
        for (int i = 0; i < count; i++) {
            write_pose(rvecs[i], tvecs[i], out->poses[i]);
            out->errors[i] = errors.at<double>(i);
        }
        out->count = count;
        if (count == 2 && !finite_pose(out->poses[1])) out->count = 1;
        out->ambiguity = (out->count == 2 && out->errors[1] > 0) ? out->errors[0] / out->errors[1] : 0;
        return CVISION_OK;
    })
}

extern "C" cvision_status cvision_solve_points_pose(const cvision_calibration *calibration, const double *object_xyz,
                                                    const double *image_xy, int32_t count, cvision_pose *out,
                                                    double *rms_error_px) {
    CVISION_GUARD({
        if (count < 4) {
            cvision::set_error("the camera pose needs at least 4 points");
            return CVISION_ERR_ARGUMENT;
        }
        for (int i = 0; i < 3 * count; i++) {
            if (!std::isfinite(object_xyz[i])) {
                cvision::set_error("object points must be finite");
                return CVISION_ERR_ARGUMENT;
            }
        }
        for (int i = 0; i < 2 * count; i++) {
            if (!std::isfinite(image_xy[i])) {
                cvision::set_error("image points must be finite");
                return CVISION_ERR_ARGUMENT;
            }
        }
        // Headers over the caller's arrays: no copies of the points.
        const cv::Mat object(count, 1, CV_64FC3, const_cast<double *>(object_xyz));
        const cv::Mat image(count, 1, CV_64FC2, const_cast<double *>(image_xy));
        const cv::Mat camera = cvision::camera_matrix(*calibration);
        const cv::Mat distortion = cvision::distortion(*calibration, true);
        cv::Mat r, t;
        if (!cv::solvePnP(object, image, camera, distortion, r, t, false, cv::SOLVEPNP_SQPNP)) {
            cvision::set_error("SQPnP found no camera pose");
            return CVISION_ERR_ARGUMENT;
        }
        cv::solvePnPRefineLM(object, image, camera, distortion, r, t);
        // OpenCV's RMS reprojection error: per coordinate, as solvePnPGeneric reports it.
        thread_local std::vector<cv::Point2d> projected;
        cv::projectPoints(object, r, t, camera, distortion, projected);
        double sum = 0;
        for (int i = 0; i < count; i++) {
            const double dx = projected[i].x - image_xy[2 * i];
            const double dy = projected[i].y - image_xy[2 * i + 1];
            sum += dx * dx + dy * dy;
        }
        write_pose(r, t, *out);
        *rms_error_px = std::sqrt(sum / (2.0 * count));
        if (!finite_pose(*out) || !std::isfinite(*rms_error_px)) {
            cvision::set_error("the camera pose solve diverged");
            return CVISION_ERR_ARGUMENT;
        }
        return CVISION_OK;
    })
}
