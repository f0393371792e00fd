// The 2019 dual retroreflective target: threshold, contours, tape classification, pairing and solvePnP.
#include "Common.hpp"

#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <vector>

namespace {

constexpr double kInch = 0.0254;
constexpr double kPi = 3.14159265358979323846;
inline double deg(double r) { return r * 180.0 / kPi; }
inline double rad(double d) { return d * kPi / 180.0; }

/// The eight tape corners of the 2019 target in metres (x right, y down, z into the wall, origin at the centre),
/// in the order left TL, TR, BR, BL, right TL, TR, BR, BL. Tapes are 2 x 5.5 in, tilted 14.5 degrees towards
/// each other at the top, with their closest (upper inner) corners 8 in apart.
std::array<cv::Point3f, 8> target_model() {
    const double c = std::cos(rad(14.5)), s = std::sin(rad(14.5));
    // Left tape in y-up coordinates, rotated clockwise (top leans right).
    cv::Point2d tl(-c + 2.75 * s, s + 2.75 * c), tr(c + 2.75 * s, -s + 2.75 * c);
    cv::Point2d br(c - 2.75 * s, -s - 2.75 * c), bl(-c - 2.75 * s, s - 2.75 * c);
    const double dx = -4.0 - tr.x;
    auto left = [&](cv::Point2d p) { return cv::Point3f(float((p.x + dx) * kInch), float(-p.y * kInch), 0.f); };
    auto right = [&](cv::Point2d p) { return cv::Point3f(float(-(p.x + dx) * kInch), float(-p.y * kInch), 0.f); };
    return {left(tl), left(tr), left(br), left(bl), right(tr), right(tl), right(bl), right(br)};
}

struct Tape {
    double area;
    double tilt;
    cv::Point2f center;
    std::array<cv::Point2f, 4> corners;  // TL, TR, BR, BL, from the fitted quadrilateral (or the box)
    std::array<cv::Point2f, 4> box_corners;  // TL, TR, BR, BL, from the minimum-area rectangle
    float min_x, max_x;
};

/// Tilt of the long side from vertical in degrees; positive when the top leans right.
double tilt_of(const cv::RotatedRect &box) {
    cv::Point2f p[4];
    box.points(p);
    cv::Point2f e1 = p[1] - p[0], e2 = p[2] - p[1];
    cv::Point2f e = (e1.dot(e1) >= e2.dot(e2)) ? e1 : e2;
    if (e.y > 0) e = -e;
    return deg(std::atan2(e.x, -e.y));
}

/// Box corners grown by half a pixel (contour points are pixel centres, the tape edge lies half a pixel out),
/// ordered TL, TR, BR, BL by height then x.
std::array<cv::Point2f, 4> ordered_corners(cv::RotatedRect box, bool compensate_growth) {
    box.size.width += 1.f;
    box.size.height += 1.f;
    if (compensate_growth) {
        // Glare, blur and the threshold grow a bright tape by about the same margin on every side. The tape's true
        // width / length is 2 / 5.5, so the margin g solves (w - 2g) = r (l - 2g); remove it (never grow).
        const float r = 2.f / 5.5f;
        float l = std::max(box.size.width, box.size.height), w = std::min(box.size.width, box.size.height);
        float g = (w - r * l) / (2.f * (1.f - r));
        g = std::min(std::max(g, 0.f), 0.3f * w);
        box.size.width -= 2.f * g;
        box.size.height -= 2.f * g;
    }
    cv::Point2f p[4];
    box.points(p);
    std::array<cv::Point2f, 4> pts = {p[0], p[1], p[2], p[3]};
    std::sort(pts.begin(), pts.end(), [](const cv::Point2f &a, const cv::Point2f &b) { return a.y < b.y; });
    if (pts[0].x > pts[1].x) std::swap(pts[0], pts[1]);
    if (pts[2].x > pts[3].x) std::swap(pts[2], pts[3]);
    return {pts[0], pts[1], pts[3], pts[2]};
}

/// HSV threshold fused into one pass over the BGR pixels, bit-exact with `cvtColor(COLOR_BGR2HSV)` followed by
/// `inRange` (same fixed-point tables as OpenCV's 8-bit conversion), but without writing the HSV image and with an
/// early exit on value, which rejects most pixels of a dark retroreflective scene.
struct HsvTables {
    int sdiv[256];
    int hdiv[256];
    HsvTables() {
        const int shift = 12;
        sdiv[0] = hdiv[0] = 0;
        for (int i = 1; i < 256; i++) {
            sdiv[i] = cv::saturate_cast<int>((255 << shift) / (1. * i));
            hdiv[i] = cv::saturate_cast<int>((180 << shift) / (6. * i));
        }
    }
};

/// Whether any byte of `x` is greater than `n` (n <= 127; the classic SWAR "hasmore" test).
inline bool any_byte_above(uint64_t x, uint64_t n) {
    constexpr uint64_t ones = ~uint64_t(0) / 255;
    return ((x + ones * (127 - n)) | x) & (ones * 128);
}

void hsv_threshold(const cv::Mat &bgr, cv::Mat &mask, const uint8_t lo[3], const uint8_t hi[3]) {
    static const HsvTables tables;
    constexpr int shift = 12, round = 1 << (shift - 1);
    mask.create(bgr.rows, bgr.cols, CV_8UC1);
    const int hlo = lo[0], hhi = hi[0], slo = lo[1], shi = hi[1], vlo = lo[2], vhi = hi[2];
    // Pre-test 8 pixels (24 bytes) at a time: when no byte reaches the value floor, none of them can pass.
    const bool skip_dark = vlo > 0 && vlo <= 128;
    const uint64_t floor_minus_one = uint64_t(std::max(0, vlo - 1));
    for (int y = 0; y < bgr.rows; y++) {
        const uint8_t *src = bgr.ptr<uint8_t>(y);
        uint8_t *dst = mask.ptr<uint8_t>(y);
        int x = 0;
        while (x < bgr.cols) {
            if (skip_dark && x + 8 <= bgr.cols) {
                uint64_t w[3];
                std::memcpy(w, src + 3 * x, 24);
                if (!any_byte_above(w[0], floor_minus_one) && !any_byte_above(w[1], floor_minus_one) &&
                    !any_byte_above(w[2], floor_minus_one)) {
                    std::memset(dst + x, 0, 8);
                    x += 8;
                    continue;
                }
            }
            const int end = std::min(bgr.cols, x + 8);
            for (; x < end; x++) {
                const uint8_t *px = src + 3 * x;
                const int b = px[0], g = px[1], r = px[2];
                const int v = std::max(b, std::max(g, r));
                if (v < vlo || v > vhi) {
                    dst[x] = 0;
                    continue;
                }
                const int diff = v - std::min(b, std::min(g, r));
                const int sat = (diff * tables.sdiv[v] + round) >> shift;
                if (sat < slo || sat > shi) {
                    dst[x] = 0;
                    continue;
                }
                const int vr = v == r ? -1 : 0, vg = v == g ? -1 : 0;
                int h = (vr & (g - b)) + (~vr & ((vg & (b - r + 2 * diff)) + ((~vg) & (r - g + 4 * diff))));
                h = (h * tables.hdiv[diff] + round) >> shift;
                h += h < 0 ? 180 : 0;
                dst[x] = (h >= hlo && h <= hhi) ? 255 : 0;
            }
        }
    }
}

/// Intersection of two lines n . x = d.
bool intersect(const cv::Vec3d &l1, const cv::Vec3d &l2, cv::Point2f &out) {
    double det = l1[0] * l2[1] - l1[1] * l2[0];
    if (std::fabs(det) < 1e-9) return false;
    out.x = float((l1[2] * l2[1] - l1[1] * l2[2]) / det);
    out.y = float((l1[0] * l2[2] - l1[2] * l2[0]) / det);
    return true;
}

/// Orders four points TL, TR, BR, BL (by height, then x).
std::array<cv::Point2f, 4> order_by_height(std::array<cv::Point2f, 4> pts) {
    std::sort(pts.begin(), pts.end(), [](const cv::Point2f &a, const cv::Point2f &b) { return a.y < b.y; });
    if (pts[0].x > pts[1].x) std::swap(pts[0], pts[1]);
    if (pts[2].x > pts[3].x) std::swap(pts[2], pts[3]);
    return {pts[0], pts[1], pts[3], pts[2]};
}

/// Sub-pixel quadrilateral corners of a tape. The convex hull is simplified to a polygon, its four longest sides
/// are kept (so a tape with a clipped or hidden corner still gives its four true sides), a line is fitted to the
/// contour points along each side (pushed out half a pixel: contour points are pixel centres inside the edge), and
/// adjacent lines are intersected. Unlike a minimum-area rectangle this keeps the perspective shape. With
/// `compensate_growth`, every side moves in by the margin that glare and blur added, estimated from the tape's
/// 2:5.5 aspect. Returns false when the contour is not clearly four-sided.
bool quad_corners(const std::vector<cv::Point> &contour, const std::vector<cv::Point> &hull,
                  std::vector<cv::Point> &approx, std::vector<cv::Point2f> &side_points, bool compensate_growth,
                  std::array<cv::Point2f, 4> &out) {
    double perimeter = cv::arcLength(hull, true);
    cv::approxPolyDP(hull, approx, std::max(1.0, 0.015 * perimeter), true);
    const int m = int(approx.size());
    if (m < 4 || m > 12) return false;
    // Indices of the four longest sides, in polygon order.
    std::array<int, 12> order;
    for (int i = 0; i < m; i++) order[i] = i;
    auto side_length = [&](int i) { return cv::norm(approx[(i + 1) % m] - approx[i]); };
    std::sort(order.begin(), order.begin() + m, [&](int x, int y) { return side_length(x) > side_length(y); });
    std::array<int, 4> sides = {order[0], order[1], order[2], order[3]};
    std::sort(sides.begin(), sides.end());
    cv::Point2d centroid(0, 0);
    for (const auto &q : approx) centroid += cv::Point2d(q.x, q.y);
    centroid *= 1.0 / m;
    std::array<cv::Vec3d, 4> lines;
    for (int e = 0; e < 4; e++) {
        cv::Point2f a(approx[sides[e]]), b(approx[(sides[e] + 1) % m]);
        cv::Point2f dir = b - a;
        double len = cv::norm(dir);
        if (len < 2) return false;
        cv::Point2f u = dir * float(1.0 / len);
        side_points.clear();
        for (const auto &p : contour) {
            cv::Point2f q = cv::Point2f(float(p.x), float(p.y)) - a;
            double t = q.dot(u);
            double dist = q.x * u.y - q.y * u.x;
            if (t > 0.1 * len && t < 0.9 * len && std::fabs(dist) <= 1.5) side_points.emplace_back(float(p.x), float(p.y));
        }
        cv::Vec4f line;
        if (side_points.size() >= 3) {
            cv::fitLine(side_points, line, cv::DIST_L2, 0, 0.01, 0.01);
        } else {
            line = cv::Vec4f(u.x, u.y, a.x, a.y);
        }
        cv::Point2d n(-line[1], line[0]);
        cv::Point2d mid = (cv::Point2d(a) + cv::Point2d(b)) * 0.5;
        if (n.dot(mid - centroid) < 0) n = -n;
        lines[e] = cv::Vec3d(n.x, n.y, n.x * line[2] + n.y * line[3] + 0.5);
    }
    std::array<cv::Point2f, 4> corners;
    std::array<double, 4> lengths;
    auto solve = [&]() {
        for (int e = 0; e < 4; e++)
            if (!intersect(lines[(e + 3) % 4], lines[e], corners[e])) return false;
        for (int e = 0; e < 4; e++) lengths[e] = cv::norm(corners[(e + 1) % 4] - corners[e]);
        return true;
    };
    if (!solve()) return false;
    if (compensate_growth) {
        double pair_a = (lengths[0] + lengths[2]) / 2, pair_b = (lengths[1] + lengths[3]) / 2;
        double l = std::max(pair_a, pair_b), w = std::min(pair_a, pair_b);
        const double r = 2.0 / 5.5;
        double g = std::min(std::max((w - r * l) / (2 * (1 - r)), 0.0), 0.3 * w);
        for (auto &line : lines) line[2] -= g;
        if (!solve()) return false;
    }
    // Sanity: a convex quadrilateral whose corners stay near the hull (a recovered hidden corner may stick out a
    // little) and whose opposite sides have similar lengths.
    double shortest = *std::min_element(lengths.begin(), lengths.end());
    if (shortest < 1.5) return false;
    if (std::fabs(lengths[0] - lengths[2]) > 0.35 * std::max(lengths[0], lengths[2]) ||
        std::fabs(lengths[1] - lengths[3]) > 0.35 * std::max(lengths[1], lengths[3]))
        return false;
    for (const auto &c : corners)
        if (cv::pointPolygonTest(hull, c, true) < -(0.35 * shortest + 1.5)) return false;
    std::vector<cv::Point2f> quad(corners.begin(), corners.end());
    if (!cv::isContourConvex(quad)) return false;
    out = order_by_height(corners);
    return true;
}

/// Gauss-Newton refinement of a pose on undistorted normalised image coordinates (x/z, y/z): 6 parameters (a left
/// rotation increment and the translation), analytic Jacobian, fixed-size matrices on the stack. Returns the RMS
/// residual in normalised units.
double refine_pose_gn(const std::vector<cv::Point3f> &object, const std::vector<cv::Point2f> &normalised,
                      cv::Matx33d &rot, cv::Vec3d &t, int iterations) {
    const size_t n = object.size();
    double rms = 0;
    for (int it = 0; it <= iterations; it++) {
        cv::Matx66d jtj = cv::Matx66d::zeros();
        cv::Vec6d jtr = cv::Vec6d::all(0);
        double sum = 0;
        for (size_t i = 0; i < n; i++) {
            const cv::Vec3d pw(object[i].x, object[i].y, object[i].z);
            const cv::Vec3d rp = rot * pw;
            const cv::Vec3d pc = rp + t;
            if (pc[2] <= 1e-9) return 1e300;
            const double iz = 1.0 / pc[2];
            const double u = pc[0] * iz, v = pc[1] * iz;
            const double ru = u - normalised[i].x, rv = v - normalised[i].y;
            sum += ru * ru + rv * rv;
            if (it == iterations) continue;
            // d(u,v)/d(pc)
            const double du[3] = {iz, 0, -u * iz}, dv[3] = {0, iz, -v * iz};
            // d(pc)/d(omega) = -[rp]x, d(pc)/dt = I
            const cv::Matx33d skew(0, -rp[2], rp[1], rp[2], 0, -rp[0], -rp[1], rp[0], 0);
            double ju[6], jv[6];
            for (int k = 0; k < 3; k++) {
                ju[k] = -(du[0] * skew(0, k) + du[1] * skew(1, k) + du[2] * skew(2, k));
                jv[k] = -(dv[0] * skew(0, k) + dv[1] * skew(1, k) + dv[2] * skew(2, k));
                ju[3 + k] = du[k];
                jv[3 + k] = dv[k];
            }
            for (int a = 0; a < 6; a++) {
                jtr[a] += ju[a] * ru + jv[a] * rv;
                for (int b = 0; b < 6; b++) jtj(a, b) += ju[a] * ju[b] + jv[a] * jv[b];
            }
        }
        rms = std::sqrt(sum / double(n));
        if (it == iterations) break;
        cv::Vec6d delta;
        if (!cv::solve(jtj, -jtr, delta, cv::DECOMP_CHOLESKY)) break;
        cv::Matx33d dr;
        cv::Rodrigues(cv::Vec3d(delta[0], delta[1], delta[2]), dr);
        rot = dr * rot;
        t += cv::Vec3d(delta[3], delta[4], delta[5]);
        if (cv::norm(delta) < 1e-10) {
            iterations = it + 1;
        }
    }
    return rms;
}

}  // namespace

struct cvision_reflective {
    cvision_reflective_config config;
    cvision_calibration calibration;
    cv::Mat camera, dist;
    cv::Mat mask, open_kernel, close_kernel;
    std::vector<std::vector<cv::Point>> contours;
    std::vector<cv::Point> hull, approx;
    std::vector<cv::Point2f> side_points;
    std::vector<Tape> lefts, rights;
    std::vector<cv::Point3f> object;
    std::vector<cv::Point2f> image;
    std::vector<cv::Mat> rvecs, tvecs;
    std::vector<cv::Point2f> reprojected, best_image, undistorted, normalised;
    cv::Mat errors;
};

extern "C" {

cvision_status cvision_reflective_create(const cvision_reflective_config *config,
                                         const cvision_calibration *calibration, cvision_reflective **out) {
    *out = nullptr;
    if (calibration->fx <= 0 || calibration->fy <= 0) {
        cvision::set_error("calibration focal lengths must be positive");
        return CVISION_ERR_ARGUMENT;
    }
    CVISION_GUARD({
        auto p = new cvision_reflective();
        p->config = *config;
        p->calibration = *calibration;
        p->camera = cvision::camera_matrix(*calibration);
        p->dist = cvision::distortion(*calibration, config->use_distortion != 0);
        if (config->open_kernel > 0)
            p->open_kernel = cv::getStructuringElement(cv::MORPH_RECT, {config->open_kernel, config->open_kernel});
        if (config->close_kernel > 0)
            p->close_kernel =
                cv::getStructuringElement(cv::MORPH_RECT, {config->close_kernel, config->close_kernel});
        auto model = target_model();
        p->object.assign(model.begin(), model.end());
        p->image.resize(8);
        *out = p;
        return CVISION_OK;
    })
}

void cvision_reflective_destroy(cvision_reflective *pipeline) {
    try {
        delete pipeline;
    } catch (...) {
    }
}

cvision_status cvision_reflective_process(cvision_reflective *p, const cvision_frame *frame,
                                          cvision_reflective_result *r) {
    *r = cvision_reflective_result{};
    if (frame->mat.empty()) {
        cvision::set_error("empty frame");
        return CVISION_ERR_ARGUMENT;
    }
    CVISION_GUARD({
        const auto &cfg = p->config;
        hsv_threshold(frame->mat, p->mask, cfg.hsv_lower, cfg.hsv_upper);
        if (!p->open_kernel.empty()) cv::morphologyEx(p->mask, p->mask, cv::MORPH_OPEN, p->open_kernel);
        if (!p->close_kernel.empty()) cv::morphologyEx(p->mask, p->mask, cv::MORPH_CLOSE, p->close_kernel);
        cv::findContours(p->mask, p->contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_NONE);

        p->lefts.clear();
        p->rights.clear();
        for (const auto &contour : p->contours) {
            double area = cv::contourArea(contour);
            if (area < cfg.min_area_px) continue;
            cv::Rect bounds = cv::boundingRect(contour);
            if (bounds.height <= 0 || double(bounds.width) / bounds.height < cfg.min_aspect) continue;
            if (cfg.reject_border_touching &&
                (bounds.x <= 0 || bounds.y <= 0 || bounds.x + bounds.width >= frame->mat.cols ||
                 bounds.y + bounds.height >= frame->mat.rows))
                continue;
            cv::convexHull(contour, p->hull);
            double hull_area = cv::contourArea(p->hull);
            if (hull_area <= 0 || area / hull_area < cfg.min_solidity) continue;
            cv::RotatedRect box = cv::minAreaRect(contour);
            double tilt = tilt_of(box);
            Tape tape{area, tilt, box.center, {}, ordered_corners(box, cfg.compensate_growth != 0), float(bounds.x),
                      float(bounds.x + bounds.width - 1)};
            if (!quad_corners(contour, p->hull, p->approx, p->side_points, cfg.compensate_growth != 0, tape.corners))
                tape.corners = tape.box_corners;
            if (std::fabs(tilt - cfg.tape_angle_deg) <= cfg.angle_tolerance_deg) {
                p->lefts.push_back(tape);
            } else if (std::fabs(tilt + cfg.tape_angle_deg) <= cfg.angle_tolerance_deg) {
                p->rights.push_back(tape);
            }
        }
        r->candidate_count = int32_t(p->lefts.size() + p->rights.size());

        // Pair each left tape with the nearest right tape to its right that looks like its twin;
        // keep the pair with the largest total area.
        const Tape *best_left = nullptr, *best_right = nullptr;
        double best_area = 0;
        for (const auto &left : p->lefts) {
            const Tape *match = nullptr;
            double left_height = cv::norm(left.corners[0] - left.corners[3]);
            for (const auto &right : p->rights) {
                double dx = right.center.x - left.center.x;
                if (dx <= 0) continue;
                double ratio = std::max(left.area, right.area) / std::max(1e-9, std::min(left.area, right.area));
                if (ratio > cfg.max_area_ratio) continue;
                double right_height = cv::norm(right.corners[0] - right.corners[3]);
                double height = std::max(left_height, right_height);
                if (std::fabs(right.center.y - left.center.y) > 0.75 * height) continue;
                if (dx > 4.0 * height) continue;
                if (!match || dx < match->center.x - left.center.x) match = &right;
            }
            if (match && left.area + match->area > best_area) {
                best_area = left.area + match->area;
                best_left = &left;
                best_right = match;
            }
        }
        if (!best_left) return CVISION_OK;

        r->left_tilt_deg = best_left->tilt;
        r->right_tilt_deg = best_right->tilt;
        const double width = frame->mat.cols, height = frame->mat.rows;
        r->offset_px = width / 2 - (best_left->max_x + best_right->min_x) / 2;
        r->area_percent = 100.0 * best_area / (width * height);

        // Planar pose from the fitted quadrilaterals and from the rectangles: IPPE gives both mirror solutions of
        // each, LM polishes them, and the lowest mean reprojection error wins.
        double best_error = 1e300;
        cv::Mat rvec, tvec;
        for (int set = 0; set < 2; set++) {
            const auto &lc = set == 0 ? best_left->corners : best_left->box_corners;
            const auto &rc = set == 0 ? best_right->corners : best_right->box_corners;
            if (set == 1 && lc == best_left->corners && rc == best_right->corners) break;
            // The quadrilaterals usually fit to a fraction of a pixel; only then is the rectangle fit skipped.
            if (set == 1 && best_error < 1.0) break;
            for (int i = 0; i < 4; i++) {
                p->image[i] = lc[i];
                p->image[4 + i] = rc[i];
            }
            // Undistort the corners once (iteratively, enough for strong lenses), get both mirror poses of the
            // planar target from IPPE in closed form, polish each with a few Gauss-Newton steps on the normalised
            // coordinates (IPPE's algebraic fit alone is biased for strongly foreshortened targets and may rank the
            // mirror pose first) and keep the one with the smaller residual.
            cv::undistortPoints(p->image, p->normalised, p->camera, p->dist, cv::noArray(), cv::noArray(),
                                cv::TermCriteria(cv::TermCriteria::COUNT | cv::TermCriteria::EPS, 40, 1e-9));
            p->rvecs.clear();
            p->tvecs.clear();
            int solutions = cv::solvePnPGeneric(p->object, p->normalised, cv::Matx33d::eye(), cv::noArray(),
                                                p->rvecs, p->tvecs, false, cv::SOLVEPNP_IPPE);
            for (int i = 0; i < solutions; i++) {
                cv::Matx33d rot;
                cv::Rodrigues(p->rvecs[i], rot);
                cv::Vec3d t(p->tvecs[i].at<double>(0), p->tvecs[i].at<double>(1), p->tvecs[i].at<double>(2));
                if (t[2] <= 0) continue;
                double rms = refine_pose_gn(p->object, p->normalised, rot, t, p->config.refine_pose ? 6 : 0);
                // Residual in pixels (normalised units times the mean focal length).
                double error = rms * 0.5 * (p->calibration.fx + p->calibration.fy);
                if (t[2] > 0 && error < best_error) {
                    best_error = error;
                    cv::Vec3d rv;
                    cv::Rodrigues(rot, rv);
                    rvec = cv::Mat(rv).clone();
                    tvec = cv::Mat(t).clone();
                    for (int k = 0; k < 8; k++) {
                        r->corners[2 * k] = p->image[k].x;
                        r->corners[2 * k + 1] = p->image[k].y;
                    }
                }
            }
        }
        if (rvec.empty()) return CVISION_OK;
        cv::Matx33d rot;
        cv::Rodrigues(rvec, rot);
        const double tx = tvec.at<double>(0), ty = tvec.at<double>(1), tz = tvec.at<double>(2);
        for (int i = 0; i < 3; i++) {
            r->pose.rvec[i] = rvec.at<double>(i);
            r->pose.tvec[i] = tvec.at<double>(i);
        }
        r->distance_m = std::sqrt(tx * tx + ty * ty + tz * tz);
        r->yaw_deg = deg(std::atan2(tx, tz));
        r->pitch_deg = deg(std::atan2(-ty, std::sqrt(tx * tx + tz * tz)));
        r->skew_deg = deg(std::atan2(rot(0, 2), rot(2, 2)));
        r->reprojection_error_px = best_error;
        r->found = 1;
        return CVISION_OK;
    })
}

cvision_status cvision_render_target2019(cvision_frame *frame, const cvision_calibration *calibration,
                                         const cvision_pose *pose, cvision_color background, cvision_color tape) {
    if (frame->mat.empty()) {
        cvision::set_error("reshape the frame before rendering into it");
        return CVISION_ERR_ARGUMENT;
    }
    CVISION_GUARD({
        frame->mat.setTo(cvision::scalar(background));
        cv::Mat camera = cvision::camera_matrix(*calibration);
        cv::Mat dist = cvision::distortion(*calibration, true);
        cv::Mat rvec(3, 1, CV_64F), tvec(3, 1, CV_64F);
        for (int i = 0; i < 3; i++) {
            rvec.at<double>(i) = pose->rvec[i];
            tvec.at<double>(i) = pose->tvec[i];
        }
        auto model = target_model();
        // Sample each edge densely so that lens distortion bends the edges as a real lens would.
        constexpr int kSteps = 16;
        // Supersample: OpenCV's polygon fill covers about half a pixel too much on every side (more with LINE_AA),
        // so each tape is filled at kScale x resolution and area-averaged down to exact pixel coverage.
        constexpr int kScale = 8;
        const cv::Mat &image = frame->mat;
        for (int t = 0; t < 2; t++) {
            std::vector<cv::Point3f> outline;
            for (int e = 0; e < 4; e++) {
                cv::Point3f a = model[4 * t + e], b = model[4 * t + (e + 1) % 4];
                for (int k = 0; k < kSteps; k++) outline.push_back(a + (b - a) * (float(k) / kSteps));
            }
            std::vector<cv::Point2f> projected;
            cv::projectPoints(outline, rvec, tvec, camera, dist, projected);
            cv::Rect bounds = cv::boundingRect(projected);
            bounds.x -= 2;
            bounds.y -= 2;
            bounds.width += 4;
            bounds.height += 4;
            bounds &= cv::Rect(0, 0, image.cols, image.rows);
            if (bounds.area() <= 0) continue;
            cv::Mat fine = cv::Mat::zeros(bounds.height * kScale, bounds.width * kScale, CV_8UC1);
            std::vector<cv::Point> polygon;
            for (const auto &q : projected) {
                // Pixel (i, j) spans [i - 0.5, i + 0.5]; its kScale sub-pixels have centres at integer fine coordinates.
                double fx = (q.x - bounds.x + 0.5) * kScale - 0.5, fy = (q.y - bounds.y + 0.5) * kScale - 0.5;
                polygon.emplace_back(cvRound(fx * 16), cvRound(fy * 16));
            }
            const cv::Point *pts = polygon.data();
            int n = int(polygon.size());
            cv::fillPoly(fine, &pts, &n, 1, cv::Scalar(255), cv::LINE_8, 4);
            cv::Mat coverage;
            cv::resize(fine, coverage, bounds.size(), 0, 0, cv::INTER_AREA);
            for (int y = 0; y < bounds.height; y++) {
                const uint8_t *a = coverage.ptr<uint8_t>(y);
                cv::Vec3b *row = frame->mat.ptr<cv::Vec3b>(bounds.y + y) + bounds.x;
                for (int x = 0; x < bounds.width; x++) {
                    const double alpha = a[x] / 255.0;
                    if (alpha <= 0) continue;
                    row[x][0] = cv::saturate_cast<uint8_t>(row[x][0] * (1 - alpha) + tape.b * alpha);
                    row[x][1] = cv::saturate_cast<uint8_t>(row[x][1] * (1 - alpha) + tape.g * alpha);
                    row[x][2] = cv::saturate_cast<uint8_t>(row[x][2] * (1 - alpha) + tape.r * alpha);
                }
            }
        }
        return CVISION_OK;
    })
}

}  // extern "C"
