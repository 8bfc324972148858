<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Autostart</name>
    <message>
        <source>Cannot remove %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>devlatch::tray::DeviceTableModel</name>
    <message>
        <source>%1 — waiting to claim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Holder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>devlatch::tray::DevicesWindow</name>
    <message>
        <source>devlatch — Devices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by name, node, holder or note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Claim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Release</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Claim when free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit note…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alias…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel claim when free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shown to others while you hold the device:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alias for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name to show for this device (empty: the default):</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>devlatch::tray::TrayApp</name>
    <message>
        <source>Quit devlatch</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>You hold %n device(s). Quitting releases them. Quit anyway?</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>No system tray</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This desktop shows no tray icons; devlatch runs in its window instead.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>devlatch::tray::TrayController</name>
    <message>
        <source>It became free and was claimed for you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its previous holder, %1 (pid %2), ended without releasing it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is yours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot claim %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Configuration problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot watch the lock directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Held by user %1: %2 (pid %3) since %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yours since %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In use outside devlatch by %1 (pid %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In use outside devlatch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>devlatch: %1 held by you · %2 busy · %3 free</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source> · %n waiting</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is busy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting at login is not supported on this system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start at login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You asked to be told when it is free.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 went to someone else</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>devlatch::tray::TrayMenu</name>
    <message>
        <source>No devices configured</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n more in Devices…</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Release all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Devices…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start at login</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click to claim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click to release</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel claim when free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Claim when free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notify when free</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
