<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>Autostart</name>
    <message>
        <source>Cannot remove %1</source>
        <translation>Impossible de supprimer %1</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Impossible d’écrire %1 : %2</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>Impossible d’écrire %1</translation>
    </message>
    <message>
        <source>Cannot create %1</source>
        <translation>Impossible de créer %1</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::DeviceTableModel</name>
    <message>
        <source>%1 — waiting to claim</source>
        <translation>%1 — en attente de réservation</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>Nœuds</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Holder</source>
        <translation>Détenteur</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Depuis</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::DevicesWindow</name>
    <message>
        <source>devlatch — Devices</source>
        <translation>devlatch — Appareils</translation>
    </message>
    <message>
        <source>Filter by name, node, holder or note</source>
        <translation>Filtrer par nom, nœud, détenteur ou note</translation>
    </message>
    <message>
        <source>Claim</source>
        <translation>Réserver</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>Libérer</translation>
    </message>
    <message>
        <source>Claim when free</source>
        <translation>Réserver dès que libre</translation>
    </message>
    <message>
        <source>Edit note…</source>
        <translation>Modifier la note…</translation>
    </message>
    <message>
        <source>Alias…</source>
        <translation>Alias…</translation>
    </message>
    <message>
        <source>Cancel claim when free</source>
        <translation>Annuler la réservation en attente</translation>
    </message>
    <message>
        <source>Note for %1</source>
        <translation>Note pour %1</translation>
    </message>
    <message>
        <source>Shown to others while you hold the device:</source>
        <translation>Affichée aux autres tant que vous détenez l’appareil :</translation>
    </message>
    <message>
        <source>Alias for %1</source>
        <translation>Alias pour %1</translation>
    </message>
    <message>
        <source>Name to show for this device (empty: the default):</source>
        <translation>Nom affiché pour cet appareil (vide : par défaut) :</translation>
    </message>
    <message>
        <source>Show notifications</source>
        <translation>Afficher les notifications</translation>
    </message>
    <message>
        <source>Claim at login</source>
        <translation>Réserver à la connexion</translation>
    </message>
    <message>
        <source>Claim this device whenever devlatch starts at login</source>
        <translation>Réserver cet appareil chaque fois que devlatch démarre à la connexion</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::TrayApp</name>
    <message>
        <source>Quit devlatch</source>
        <translation>Quitter devlatch</translation>
    </message>
    <message numerus="yes">
        <source>You hold %n device(s). Quitting releases them. Quit anyway?</source>
        <translation>
            <numerusform>Vous détenez %n appareil. Quitter le libère. Quitter quand même ?</numerusform>
            <numerusform>Vous détenez %n appareils. Quitter les libère. Quitter quand même ?</numerusform>
        </translation>
    </message>
    <message>
        <source>No system tray</source>
        <translation>Pas de zone de notification</translation>
    </message>
    <message>
        <source>This desktop shows no tray icons; devlatch runs in its window instead.</source>
        <translation>Ce bureau n’affiche pas d’icônes de notification ; devlatch fonctionne dans sa fenêtre.</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::TrayController</name>
    <message>
        <source>It became free and was claimed for you.</source>
        <translation>Il est devenu libre et a été réservé pour vous.</translation>
    </message>
    <message>
        <source>Its previous holder, %1 (pid %2), ended without releasing it.</source>
        <translation>Son détenteur précédent, %1 (pid %2), s’est terminé sans le libérer.</translation>
    </message>
    <message>
        <source>%1 is yours</source>
        <translation>%1 est à vous</translation>
    </message>
    <message>
        <source>Cannot claim %1</source>
        <translation>Impossible de réserver %1</translation>
    </message>
    <message>
        <source>Configuration problem</source>
        <translation>Problème de configuration</translation>
    </message>
    <message>
        <source>Cannot watch the lock directory</source>
        <translation>Impossible de surveiller le répertoire des verrous</translation>
    </message>
    <message>
        <source>Held by user %1: %2 (pid %3) since %4</source>
        <translation>Détenu par l’utilisateur %1 : %2 (pid %3) depuis %4</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>Libre</translation>
    </message>
    <message>
        <source>Yours since %1</source>
        <translation>À vous depuis %1</translation>
    </message>
    <message>
        <source>Yours</source>
        <translation>À vous</translation>
    </message>
    <message>
        <source>In use outside devlatch by %1 (pid %2)</source>
        <translation>Utilisé hors de devlatch par %1 (pid %2)</translation>
    </message>
    <message>
        <source>In use outside devlatch</source>
        <translation>Utilisé hors de devlatch</translation>
    </message>
    <message>
        <source>Unknown: %1</source>
        <translation>Inconnu : %1</translation>
    </message>
    <message>
        <source>devlatch: %1 held by you · %2 busy · %3 free</source>
        <translation>devlatch : %1 à vous · %2 occupé(s) · %3 libre(s)</translation>
    </message>
    <message numerus="yes">
        <source> · %n waiting</source>
        <translation>
            <numerusform> · %n en attente</numerusform>
            <numerusform> · %n en attente</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is busy</source>
        <translation>%1 est occupé</translation>
    </message>
    <message>
        <source>Starting at login is not supported on this system</source>
        <translation>Le démarrage à la connexion n’est pas pris en charge sur ce système</translation>
    </message>
    <message>
        <source>Start at login</source>
        <translation>Démarrer à la connexion</translation>
    </message>
    <message>
        <source>%1 is free</source>
        <translation>%1 est libre</translation>
    </message>
    <message>
        <source>You asked to be told when it is free.</source>
        <translation>Vous avez demandé à être prévenu dès qu’il serait libre.</translation>
    </message>
    <message>
        <source>%1 went to someone else</source>
        <translation>%1 a été pris par quelqu’un d’autre</translation>
    </message>
    <message>
        <source>Unplugged (%1)</source>
        <translation>Débranché (%1)</translation>
    </message>
    <message>
        <source>%1 was unplugged</source>
        <translation>%1 a été débranché</translation>
    </message>
    <message>
        <source>You still hold its claim; plug it back in, or release it.</source>
        <translation>Vous le réservez toujours ; rebranchez-le ou libérez-le.</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::TrayMenu</name>
    <message>
        <source>No devices configured</source>
        <translation>Aucun appareil configuré</translation>
    </message>
    <message numerus="yes">
        <source>%n more in Devices…</source>
        <translation>
            <numerusform>%n de plus dans Appareils…</numerusform>
            <numerusform>%n de plus dans Appareils…</numerusform>
        </translation>
    </message>
    <message>
        <source>Release all</source>
        <translation>Tout libérer</translation>
    </message>
    <message>
        <source>Devices…</source>
        <translation>Appareils…</translation>
    </message>
    <message>
        <source>Start at login</source>
        <translation>Démarrer à la connexion</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
    <message>
        <source>Click to claim</source>
        <translation>Cliquer pour réserver</translation>
    </message>
    <message>
        <source>Click to release</source>
        <translation>Cliquer pour libérer</translation>
    </message>
    <message>
        <source>Cancel claim when free</source>
        <translation>Annuler la réservation en attente</translation>
    </message>
    <message>
        <source>Claim when free</source>
        <translation>Réserver dès que libre</translation>
    </message>
    <message>
        <source>Notify when free</source>
        <translation>Prévenir dès que libre</translation>
    </message>
    <message>
        <source>Claim anyway</source>
        <translation>Réserver quand même</translation>
    </message>
</context>
</TS>
