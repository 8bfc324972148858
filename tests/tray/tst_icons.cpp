// SPDX-License-Identifier: MIT
// Icons: the 16 px tray icons differ by shape, not only by colour (the issue's
// colour-blind and monochrome-panel case), and the monochrome style takes the panel's colour.

#include "tray/Icons.h"

#include <QApplication>
#include <QImage>
#include <QPainter>
#include <QTest>

using namespace devlatch::tray;

namespace {

// Pixels that are dark (shape lines, filled bodies) in a 16 px rendition on white.
QImage darkMask(const QIcon &icon)
{
    QImage onWhite(16, 16, QImage::Format_RGB32);
    onWhite.fill(Qt::white);
    {
        QPainter painter(&onWhite);
        painter.drawPixmap(0, 0, icon.pixmap(16, 16));
    }
    QImage mask(16, 16, QImage::Format_Mono);
    for (int y = 0; y < 16; ++y)
        for (int x = 0; x < 16; ++x)
            mask.setPixel(x, y, qGray(onWhite.pixel(x, y)) < 110 ? 1 : 0);
    return mask;
}

QImage alphaMask(const QIcon &icon)
{
    const QImage image = icon.pixmap(16, 16).toImage();
    QImage mask(16, 16, QImage::Format_Mono);
    for (int y = 0; y < 16; ++y)
        for (int x = 0; x < 16; ++x)
            mask.setPixel(x, y, qAlpha(image.pixel(x, y)) > 128 ? 1 : 0);
    return mask;
}

int differing(const QImage &a, const QImage &b)
{
    int count = 0;
    for (int y = 0; y < 16; ++y)
        for (int x = 0; x < 16; ++x)
            count += a.pixelIndex(x, y) != b.pixelIndex(x, y);
    return count;
}

} // namespace

class TestIcons final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void trayStatesDifferByShapeAt16px()
    {
        using S = Icons::TrayState;
        // Colour version, reduced to light and dark: the shapes still differ clearly.
        QVERIFY(differing(darkMask(Icons::tray(S::Idle)), darkMask(Icons::tray(S::Holding))) >= 25);
        QVERIFY(differing(darkMask(Icons::tray(S::Holding)), darkMask(Icons::tray(S::Attention))) >= 25);
        // Monochrome version: shape is all there is.
        QVERIFY(differing(alphaMask(Icons::tray(S::Idle, true)), alphaMask(Icons::tray(S::Holding, true))) >= 25);
        QVERIFY(differing(alphaMask(Icons::tray(S::Idle, true)), alphaMask(Icons::tray(S::Attention, true))) >= 25);
    }

    void monochromeTakesThePanelsColour()
    {
        const QImage image = Icons::tray(Icons::TrayState::Holding, QColor(200, 10, 10)).pixmap(32, 32).toImage();
        int painted = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                if (qAlpha(image.pixel(x, y)) == 255) {
                    ++painted;
                    QCOMPARE(qRed(image.pixel(x, y)), 200);
                    QCOMPARE(qGreen(image.pixel(x, y)), 10);
                }
        QVERIFY(painted > 100);
    }

    void everyDeviceLookHasAnIcon()
    {
        using L = Icons::Look;
        for (L look : {L::Free, L::Mine, L::Busy, L::Waiting, L::Collision, L::Unplugged, L::Unknown})
            QVERIFY(!Icons::device(look).pixmap(16, 16).isNull());
    }
};

QTEST_MAIN(TestIcons)
#include "tst_icons.moc"
