// The system libzmq (Debian: libzmq3-dev), imported as the CZeroMQ module.
#pragma once
#include <zmq.h>
