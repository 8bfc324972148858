<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>devlatch::tray::DeviceDetails</name>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n s</numerusform>
            <numerusform>%n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>devlatch::tray::TrayApp</name>
    <message numerus="yes">
        <source>Quitting releases %n device(s): %1.</source>
        <translation>
            <numerusform>Quitting releases %n device: %1.</numerusform>
            <numerusform>Quitting releases %n devices: %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>It cancels %n waiting claim(s).</source>
        <translation>
            <numerusform>It cancels %n waiting claim.</numerusform>
            <numerusform>It cancels %n waiting claims.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>devlatch::tray::TrayController</name>
    <message numerus="yes">
        <source> · %n waiting</source>
        <translation>
            <numerusform> · %n waiting</numerusform>
            <numerusform> · %n waiting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Released %n device(s)</source>
        <translation>
            <numerusform>Released %n device</numerusform>
            <numerusform>Released %n devices</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; cancelled %n queued claim(s)</source>
        <translation>
            <numerusform>; cancelled %n queued claim</numerusform>
            <numerusform>; cancelled %n queued claims</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>devlatch::tray::TrayMenu</name>
    <message numerus="yes">
        <source>%n more in Devices…</source>
        <translation>
            <numerusform>%n more in Devices…</numerusform>
            <numerusform>%n more in Devices…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Release all and cancel %n waiting claim(s)</source>
        <translation>
            <numerusform>Release all and cancel %n waiting claim</numerusform>
            <numerusform>Release all and cancel %n waiting claims</numerusform>
        </translation>
    </message>
</context>
</TS>
