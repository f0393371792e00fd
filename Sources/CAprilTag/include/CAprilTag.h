// The AprilRobotics AprilTag library (BSD 2-Clause, apriltag/LICENSE.md), vendored from v3.3.0 (the release Debian
// ships as libapriltag 3.3 and the one WPILib's detector is built on) and compiled with -O3; see apriltag/VENDORED.md
// for the files taken and the changes made. Only the CVision C++ shim includes it; Swift code goes through
// CVision's `cvision_apriltag_*` API.
#pragma once
#include "../apriltag/apriltag.h"
#include "../apriltag/tag16h5.h"
#include "../apriltag/tag36h11.h"
