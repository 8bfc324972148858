// SPDX-License-Identifier: MIT
#include "Output.h"

#include <QByteArray>

#include <cstdio>

namespace devlatch::cli {

void printOut(const QString &text)
{
    const QByteArray bytes = text.toLocal8Bit() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

void printError(const QString &text)
{
    const QByteArray bytes = "devlatchctl: " + text.toLocal8Bit() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
}

} // namespace devlatch::cli
