// CVision: a plain C API over the parts of OpenCV 4 and the AprilRobotics AprilTag library that the Vision
// module uses. Every symbol is prefixed `cvision_`; handles are opaque; every entry point returns a status code
// (or a plain value) and never lets a C++ exception escape. After a failing call, `cvision_last_error()` gives
// the message on the calling thread.
//
// Images are 8-bit BGR (3 channels). Handles are not thread-safe: use each from one thread at a time.
#pragma once

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#pragma clang assume_nonnull begin

typedef enum __attribute__((enum_extensibility(closed))) cvision_status : int32_t {
    CVISION_OK = 0,
    /// An argument was out of range (negative size, unknown family, ...).
    CVISION_ERR_ARGUMENT = 1,
    /// OpenCV raised `cv::Exception`.
    CVISION_ERR_OPENCV = 2,
    /// A file or stream could not be opened, read or written.
    CVISION_ERR_IO = 3,
    /// Memory could not be allocated.
    CVISION_ERR_ALLOC = 4,
    /// Any other C++ exception.
    CVISION_ERR_UNKNOWN = 5,
    /// A capture returned no frame (end of file, stream dropped, device gone).
    CVISION_ERR_NO_FRAME = 6,
} cvision_status;

/// The message of the last failing call on this thread ("" when none).
const char *cvision_last_error(void);

/// Sets OpenCV's worker thread count (0 disables OpenCV's internal threading).
void cvision_set_num_threads(int32_t threads);

// MARK: - Frames

typedef struct cvision_frame cvision_frame;

typedef struct cvision_color {
    uint8_t b, g, r;
} cvision_color;

cvision_status cvision_frame_create(int32_t width, int32_t height, cvision_frame *_Nullable *_Nonnull out);
void cvision_frame_destroy(cvision_frame *_Nullable frame);
int32_t cvision_frame_width(const cvision_frame *frame);
int32_t cvision_frame_height(const cvision_frame *frame);
/// Bytes per row (at least 3 * width).
size_t cvision_frame_stride(const cvision_frame *frame);
/// The first byte of the BGR pixels (NULL for an empty frame). Valid until the frame is reshaped or destroyed.
uint8_t *_Nullable cvision_frame_data(cvision_frame *frame);
/// Makes the frame `width` x `height`; keeps the buffer when the size is unchanged.
cvision_status cvision_frame_reshape(cvision_frame *frame, int32_t width, int32_t height);
cvision_status cvision_frame_fill(cvision_frame *frame, cvision_color color);
/// Copies `src` into `dst` (reusing `dst`'s buffer when the sizes match).
cvision_status cvision_frame_copy(const cvision_frame *src, cvision_frame *dst);
/// Reads an image file (any format OpenCV reads) into the frame.
cvision_status cvision_frame_load(cvision_frame *frame, const char *path);
cvision_status cvision_frame_save(const cvision_frame *frame, const char *path);
/// Decodes an encoded image (JPEG, PNG, ...) of 1...INT32_MAX bytes into the frame. Bytes OpenCV cannot decode
/// are CVISION_ERR_IO (the frame unchanged); a JPEG cut short may still decode, its missing rows grey.
cvision_status cvision_frame_decode(cvision_frame *frame, const uint8_t *bytes, size_t count);
/// Resizes `src` into `dst` (`interpolation`: 0 nearest, 1 linear, 3 area).
cvision_status cvision_frame_resize(const cvision_frame *src, cvision_frame *dst, int32_t width, int32_t height,
                                    int32_t interpolation);

// MARK: - Encoded bytes (a reusable growable buffer)

typedef struct cvision_bytes cvision_bytes;

cvision_status cvision_bytes_create(cvision_bytes *_Nullable *_Nonnull out);
void cvision_bytes_destroy(cvision_bytes *_Nullable bytes);
const uint8_t *_Nullable cvision_bytes_data(const cvision_bytes *bytes);
size_t cvision_bytes_count(const cvision_bytes *bytes);
/// JPEG-encodes the frame at `quality` (1...100) into `bytes`, reusing its capacity.
cvision_status cvision_frame_encode_jpeg(const cvision_frame *frame, int32_t quality, cvision_bytes *bytes);

// MARK: - Drawing (thickness < 0 fills; coordinates in pixels, sub-pixel precision kept)

cvision_status cvision_draw_line(cvision_frame *frame, double x1, double y1, double x2, double y2,
                                 cvision_color color, int32_t thickness);
cvision_status cvision_draw_rectangle(cvision_frame *frame, double x, double y, double width, double height,
                                      cvision_color color, int32_t thickness);
/// Blends a filled rectangle over the frame (`alpha` 0 transparent ... 1 opaque).
cvision_status cvision_draw_blended_rectangle(cvision_frame *frame, int32_t x, int32_t y, int32_t width,
                                              int32_t height, cvision_color color, double alpha);
cvision_status cvision_draw_circle(cvision_frame *frame, double cx, double cy, double radius, cvision_color color,
                                   int32_t thickness);
/// `xy` holds `count` points as x0, y0, x1, y1, ...; `closed` joins the last point to the first.
cvision_status cvision_draw_polyline(cvision_frame *frame, const float *xy, int32_t count, int32_t closed,
                                     cvision_color color, int32_t thickness);
cvision_status cvision_draw_filled_polygon(cvision_frame *frame, const float *xy, int32_t count,
                                           cvision_color color);
cvision_status cvision_draw_arrow(cvision_frame *frame, double x1, double y1, double x2, double y2,
                                  cvision_color color, int32_t thickness, double tip_length);
/// Draws `text` with its baseline-left at (x, y) in OpenCV's Hershey simplex font.
cvision_status cvision_draw_text(cvision_frame *frame, const char *text, double x, double y, double scale,
                                 cvision_color color, int32_t thickness);
/// The size of `text` as `cvision_draw_text` would draw it.
cvision_status cvision_text_size(const char *text, double scale, int32_t thickness, int32_t *width,
                                 int32_t *height, int32_t *baseline);

// MARK: - Capture (OpenCV VideoCapture)

typedef struct cvision_capture cvision_capture;

/// Opens a V4L2 device (`/dev/videoN`, `/dev/v4l/by-path/...`). Values <= 0 leave the driver's setting;
/// `exposure` is used only when `manual_exposure` is non-zero. `mjpeg` asks for the MJPG pixel format.
cvision_status cvision_capture_open_device(const char *path, int32_t width, int32_t height, double fps,
                                           int32_t manual_exposure, double exposure, int32_t mjpeg,
                                           cvision_capture *_Nullable *_Nonnull out);
/// Opens a file or a network stream through FFmpeg with open and read timeouts in milliseconds.
cvision_status cvision_capture_open_stream(const char *url, int32_t open_timeout_ms, int32_t read_timeout_ms,
                                           cvision_capture *_Nullable *_Nonnull out);
void cvision_capture_destroy(cvision_capture *_Nullable capture);
/// Grabs and decodes the next frame into `frame` (CVISION_ERR_NO_FRAME when none came).
cvision_status cvision_capture_read(cvision_capture *capture, cvision_frame *frame);
/// The stream's nominal frame rate (0 when unknown).
double cvision_capture_fps(const cvision_capture *capture);
/// Seeks back to the first frame (files only).
cvision_status cvision_capture_rewind(cvision_capture *capture);

// MARK: - Calibration and poses

typedef struct cvision_calibration {
    double fx, fy, cx, cy;
    /// k1, k2, p1, p2, k3, k4, k5, k6 (unused ones 0).
    double distortion[8];
    int32_t distortion_count;
} cvision_calibration;

typedef struct cvision_pose {
    /// Rodrigues rotation vector and translation (metres) of the object in camera coordinates
    /// (x right, y down, z forward).
    double rvec[3];
    double tvec[3];
} cvision_pose;

// MARK: - 2019 dual retroreflective target

typedef struct cvision_reflective_config {
    uint8_t hsv_lower[3];
    uint8_t hsv_upper[3];
    /// Morphological open / close kernel sizes in pixels (0 skips the step).
    int32_t open_kernel;
    int32_t close_kernel;
    /// Smallest contour area in pixels.
    double min_area_px;
    /// Smallest upright bounding-box width / height.
    double min_aspect;
    /// Smallest contour area / convex-hull area.
    double min_solidity;
    /// Nominal tape tilt from vertical (14.5) and the accepted deviation, degrees.
    double tape_angle_deg;
    double angle_tolerance_deg;
    /// Largest ratio between the two tapes' areas in a pair.
    double max_area_ratio;
    /// Solve the pose with the calibration's distortion coefficients (else assume none).
    int32_t use_distortion;
    /// Shrink each tape's box by the margin that glare/blur added, estimated from the tape's 2:5.5 aspect.
    int32_t compensate_growth;
    /// Ignore contours whose bounding box touches the image border (cut tapes).
    int32_t reject_border_touching;
    /// Polish the SQPnP pose with a few Levenberg-Marquardt iterations on the distorted corners.
    int32_t refine_pose;
} cvision_reflective_config;

typedef struct cvision_reflective_result {
    int32_t found;
    /// Contours that passed the filters.
    int32_t candidate_count;
    /// Left tape corners then right tape corners, each top-left, top-right, bottom-right, bottom-left; x, y.
    float corners[16];
    cvision_pose pose;
    double distance_m;
    double yaw_deg;
    double pitch_deg;
    double skew_deg;
    /// Image centre x minus the midpoint of the tapes' inner points, pixels (the seed's offset).
    double offset_px;
    double area_percent;
    double reprojection_error_px;
    double left_tilt_deg;
    double right_tilt_deg;
} cvision_reflective_result;

typedef struct cvision_reflective cvision_reflective;

cvision_status cvision_reflective_create(const cvision_reflective_config *config,
                                         const cvision_calibration *calibration,
                                         cvision_reflective *_Nullable *_Nonnull out);
void cvision_reflective_destroy(cvision_reflective *_Nullable pipeline);
cvision_status cvision_reflective_process(cvision_reflective *pipeline, const cvision_frame *frame,
                                          cvision_reflective_result *result);

/// Renders the 2019 target at `pose` (of the target centre; target x right, y down, z into the wall) with the
/// calibration (distortion included), over a filled background.
cvision_status cvision_render_target2019(cvision_frame *frame, const cvision_calibration *calibration,
                                         const cvision_pose *pose, cvision_color background, cvision_color tape);

// MARK: - AprilTag

typedef enum __attribute__((enum_extensibility(closed))) cvision_tag_family : int32_t {
    CVISION_TAG_36H11 = 0,
    CVISION_TAG_16H5 = 1,
} cvision_tag_family;

/// Where the AprilTag library's corners put pixel centres (its origin is the top-left pixel's outer corner); OpenCV's
/// camera matrix puts them at whole numbers, so every pose solve first subtracts this from the corners. Measured and
/// explained at Localization's `FieldPoseEstimator.detectorPixelOffset`.
#define CVISION_APRILTAG_PIXEL_CENTER 0.5

typedef struct cvision_apriltag_config {
    cvision_tag_family family;
    float quad_decimate;
    float quad_sigma;
    int32_t threads;
    int32_t refine_edges;
    double decode_sharpening;
    /// Bits the decoder may correct (0...2).
    int32_t max_bits_corrected;
    /// Detections with more corrected bits are dropped.
    int32_t max_hamming;
    /// Detections with a smaller decision margin are dropped.
    double min_decision_margin;
} cvision_apriltag_config;

typedef struct cvision_tag_detection {
    int32_t id;
    int32_t hamming;
    float decision_margin;
    /// Corners as the library reports them (counter-clockwise from bottom-left; pixel centres at
    /// +CVISION_APRILTAG_PIXEL_CENTER); x, y.
    float corners[8];
    float center[2];
    int32_t has_pose;
    cvision_pose pose;
    double distance_m;
    double yaw_deg;
    double pitch_deg;
    double reprojection_error_px;
} cvision_tag_detection;

typedef struct cvision_apriltag cvision_apriltag;

cvision_status cvision_apriltag_create(const cvision_apriltag_config *config,
                                       cvision_apriltag *_Nullable *_Nonnull out);
void cvision_apriltag_destroy(cvision_apriltag *_Nullable detector);
/// Detects tags; when `calibration` is non-NULL and `tag_size_m` > 0 also solves each tag's pose.
/// Results stay available through `cvision_apriltag_detection` until the next call.
cvision_status cvision_apriltag_detect(cvision_apriltag *detector, const cvision_frame *frame,
                                       const cvision_calibration *_Nullable calibration, double tag_size_m,
                                       int32_t *count);
cvision_status cvision_apriltag_detection(const cvision_apriltag *detector, int32_t index,
                                          cvision_tag_detection *out);

// MARK: - Field localization (poses of AprilTags and of the camera)

/// Both IPPE solutions of one square tag's pose: the tag in camera coordinates (OpenCV camera frame: x right,
/// y down, z forward). The tag's frame is WPILib's tag frame (X out of the face, Y to the viewer's right, Z up)
/// in OpenCV's axis convention: x = -Y (viewer's left), y = -Z (down), z = X (out of the face).
typedef struct cvision_square_pose_solutions {
    /// 1 or 2 solutions, the lower reprojection error first.
    int32_t count;
    cvision_pose poses[2];
    /// RMS reprojection error per coordinate (OpenCV's definition), pixels.
    double errors[2];
    /// errors[0] / errors[1] (PhotonVision's ambiguity; 0 with one solution).
    double ambiguity;
} cvision_square_pose_solutions;

/// Solves a square tag of edge `size_m` with `solvePnPGeneric(SOLVEPNP_IPPE_SQUARE)` and the calibration's
/// distortion. `corners_xy` holds the four image corners x0, y0, ... in AprilTag order (counter-clockwise from
/// the tag's bottom left as seen facing it).
cvision_status cvision_solve_square_pose(const cvision_calibration *calibration, const double *corners_xy,
                                         double size_m, cvision_square_pose_solutions *out);

/// Solves the camera pose from `count` (>= 4) object points `object_xyz` (x, y, z each, any rigid frame, e.g. the
/// field) and their image points `image_xy`: SQPnP, then Levenberg-Marquardt refinement, with the calibration's
/// distortion. `out` is the object frame in camera coordinates (OpenCV camera frame); `rms_error_px` is the RMS
/// reprojection error per coordinate after refinement.
cvision_status cvision_solve_points_pose(const cvision_calibration *calibration, const double *object_xyz,
                                         const double *image_xy, int32_t count, cvision_pose *out,
                                         double *rms_error_px);

#pragma clang assume_nonnull end

#ifdef __cplusplus
}
#endif
