// Windows readers open nothing that a watcher would report, so the repeated reader simply
// asks the probe each time.
#include "LockProbe.h"

namespace devlatch::lock {

LockReader::LockReader(LockLocation location) : m_location(std::move(location)) {}
LockReader::~LockReader() = default;

LockState LockReader::read()
{
    return probeLock(m_location);
}

} // namespace devlatch::lock
