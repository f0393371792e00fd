// The system AprilRobotics AprilTag library (Debian: libapriltag-dev 3.3), imported as the CAprilTag module.
// Only the CVision C++ shim uses it directly; Swift code goes through CVision's `cvision_apriltag_*` API.
#pragma once
#include <apriltag/apriltag.h>
#include <apriltag/tag36h11.h>
#include <apriltag/tag16h5.h>
