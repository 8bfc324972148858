// SPDX-License-Identifier: MIT
#include "Arguments.h"

#include <QStringDecoder>

namespace devlatch::cli {

QString decodeArgument(const char *argument)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringConverter::Flag::ConvertInitialBom | QStringConverter::Flag::Stateless);
    return decoder(QByteArrayView(argument));
}

} // namespace devlatch::cli
