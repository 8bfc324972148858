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
        <source>Cannot create %1</source>
        <translation>Impossible de créer %1</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::AboutDialog</name>
    <message>
        <source>About devlatch</source>
        <translation>À propos de devlatch</translation>
    </message>
    <message>
        <source>the README</source>
        <translation>le README</translation>
    </message>
    <message>
        <source>&lt;h3&gt;devlatch %1&lt;/h3&gt;&lt;p&gt;One lock per lab device, shared by the tray, devlatchctl and other programs.&lt;/p&gt;&lt;p&gt;Scope: &lt;b&gt;%2&lt;/b&gt;&lt;br&gt;Locks: &lt;code&gt;%3&lt;/code&gt;&lt;/p&gt;&lt;p&gt;See %4 and the manual it links to (docs/) for the tray, devlatchctl, the lock protocol (for your own scripts), the scopes and the lab.&lt;/p&gt;&lt;p&gt;MIT licence.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;devlatch %1&lt;/h3&gt;&lt;p&gt;Un verrou par appareil du labo, partagé par la zone de notification, devlatchctl et d’autres programmes.&lt;/p&gt;&lt;p&gt;Portée : &lt;b&gt;%2&lt;/b&gt;&lt;br&gt;Verrous : &lt;code&gt;%3&lt;/code&gt;&lt;/p&gt;&lt;p&gt;Voir %4 et le manuel vers lequel il renvoie (docs/) pour la zone de notification, devlatchctl, le protocole de verrouillage (pour vos propres scripts), les portées et le labo.&lt;/p&gt;&lt;p&gt;Licence MIT.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::DeviceActions</name>
    <message>
        <source>&amp;Claim</source>
        <translation>&amp;Réserver</translation>
    </message>
    <message>
        <source>&amp;Release</source>
        <translation>&amp;Libérer</translation>
    </message>
    <message>
        <source>Claim when &amp;free</source>
        <translation>Réserver dès que &amp;libre</translation>
    </message>
    <message>
        <source>&amp;Notify when free</source>
        <translation>&amp;Prévenir dès que libre</translation>
    </message>
    <message>
        <source>Edit &amp;note…</source>
        <translation>Modifier la &amp;note…</translation>
    </message>
    <message>
        <source>&amp;Alias…</source>
        <translation>&amp;Alias…</translation>
    </message>
    <message>
        <source>Claim at &amp;login</source>
        <translation>Réserver à l’&amp;ouverture de session</translation>
    </message>
    <message>
        <source>Claim this device whenever devlatch starts at login</source>
        <translation>Réserver cet appareil chaque fois que devlatch démarre à l’ouverture de session</translation>
    </message>
    <message>
        <source>Copy device &amp;id</source>
        <translation>Copier l’&amp;identifiant</translation>
    </message>
    <message>
        <source>No longer waiting for %1</source>
        <translation>Plus d’attente pour %1</translation>
    </message>
    <message>
        <source>&amp;Claim anyway</source>
        <translation>&amp;Réserver quand même</translation>
    </message>
    <message>
        <source>Cancel claim when &amp;free</source>
        <translation>&amp;Annuler la réservation dès que libre</translation>
    </message>
    <message>
        <source>Already waiting for %1</source>
        <translation>Déjà en attente de %1</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::DeviceDetails</name>
    <message>
        <source>The last claims of this device that devlatch saw</source>
        <translation>Les dernières réservations de cet appareil vues par devlatch</translation>
    </message>
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
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>Select a device to see its state and its last claims.</source>
        <translation>Sélectionnez un appareil pour voir son état et ses dernières réservations.</translation>
    </message>
    <message>
        <source>Nodes: %1</source>
        <translation>Nœuds : %1</translation>
    </message>
    <message>
        <source>Id: %1</source>
        <translation>Identifiant : %1</translation>
    </message>
    <message>
        <source>%1–%2 (%3)</source>
        <translation>%1–%2 (%3)</translation>
    </message>
    <message>
        <source>%1, still held</source>
        <translation>%1, toujours réservé</translation>
    </message>
    <message>
        <source>%1  %2 (pid %3)</source>
        <translation>%1  %2 (PID %3)</translation>
    </message>
    <message>
        <source>No claims seen yet</source>
        <translation>Aucune réservation vue pour l’instant</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::DeviceListModel</name>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
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
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>Nœuds</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::DevicesWindow</name>
    <message>
        <source>devlatch — Devices</source>
        <translation>devlatch — Appareils</translation>
    </message>
    <message>
        <source>Alias for %1</source>
        <translation>Alias pour %1</translation>
    </message>
    <message>
        <source>This desktop shows no tray icons, so devlatch runs in this window. To get a tray on GNOME, install and enable the AppIndicator extension (gnome-shell-extension-appindicator) and start devlatch again.</source>
        <translation>Ce bureau n’affiche pas d’icônes de notification : devlatch fonctionne donc dans cette fenêtre. Pour avoir une zone de notification sous GNOME, installez et activez l’extension AppIndicator (gnome-shell-extension-appindicator) puis relancez devlatch.</translation>
    </message>
    <message>
        <source>Filter by name, state, holder, note or node (Ctrl+F)</source>
        <translation>Filtrer par nom, état, détenteur, note ou nœud (Ctrl+F)</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Paramètres…</translation>
    </message>
    <message>
        <source>About</source>
        <translation>À propos</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
    <message>
        <source>Name for this device in devlatch and devlatchctl (empty: the default):</source>
        <translation>Nom de cet appareil dans devlatch et devlatchctl (vide : nom par défaut) :</translation>
    </message>
    <message>
        <source>%1 is now called %2</source>
        <translation>%1 s’appelle maintenant %2</translation>
    </message>
    <message>
        <source>Cannot use that name: %1</source>
        <translation>Ce nom n’est pas utilisable : %1</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::LabController</name>
    <message>
        <source>Lab connection back</source>
        <translation>Connexion au labo rétablie</translation>
    </message>
    <message>
        <source>%1 can be read again.</source>
        <translation>%1 est de nouveau lisible.</translation>
    </message>
    <message>
        <source>Lab connection lost</source>
        <translation>Connexion au labo perdue</translation>
    </message>
    <message>
        <source>%1: %2. Lab devices show as unknown until it is back.</source>
        <translation>%1 : %2. Les appareils du labo restent inconnus jusqu’à son retour.</translation>
    </message>
    <message>
        <source>Lab device is yours</source>
        <translation>L’appareil du labo est à vous</translation>
    </message>
    <message>
        <source>%1 is yours now.</source>
        <translation>%1 est à vous.</translation>
    </message>
    <message>
        <source>%1 is yours now; its previous holder vanished without releasing.</source>
        <translation>%1 est à vous ; son détenteur précédent a disparu sans le libérer.</translation>
    </message>
    <message>
        <source>Lab device is busy</source>
        <translation>Appareil du labo occupé</translation>
    </message>
    <message>
        <source>Lab claim failed</source>
        <translation>Réservation au labo échouée</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message>
        <source>Lab claim lost</source>
        <translation>Réservation au labo perdue</translation>
    </message>
    <message>
        <source>%1 is no longer yours: %2. Stop using it: lab claims are not fenced.</source>
        <translation>%1 n’est plus à vous : %2. Cessez de l’utiliser : les réservations du labo ne sont pas protégées.</translation>
    </message>
    <message>
        <source>Lab claims uncertain</source>
        <translation>Réservations au labo incertaines</translation>
    </message>
    <message>
        <source>Lab (%1)</source>
        <translation>Labo (%1)</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>connexion…</translation>
    </message>
    <message>
        <source>%1 is yours now; the waiter ahead of you vanished before its turn came.</source>
        <translation>%1 est à vous ; la personne qui attendait avant vous a disparu avant son tour.</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::LabDevicesBox</name>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>Libérer</translation>
    </message>
    <message>
        <source>Claim</source>
        <translation>Réserver</translation>
    </message>
    <message>
        <source>Leave the queue</source>
        <translation>Quitter la file d’attente</translation>
    </message>
    <message>
        <source>Wait in the queue</source>
        <translation>Attendre dans la file</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::LabListModel</name>
    <message>
        <source>Lab device</source>
        <translation>Appareil du labo</translation>
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
    <message>
        <source>Scope</source>
        <translation>Portée</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::LabWording</name>
    <message>
        <source>until %1 (in %2 min)</source>
        <translation>jusqu’à %1 (dans %2 min)</translation>
    </message>
    <message>
        <source>until %1 (overdue)</source>
        <translation>jusqu’à %1 (dépassé)</translation>
    </message>
    <message>
        <source>lab</source>
        <translation>labo</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Inconnu</translation>
    </message>
    <message>
        <source>Unknown: %1</source>
        <translation>Inconnu : %1</translation>
    </message>
    <message>
        <source>%1 waiting</source>
        <translation>%1 en attente</translation>
    </message>
    <message>
        <source>in maintenance: %1</source>
        <translation>en maintenance : %1</translation>
    </message>
    <message>
        <source>Claiming…</source>
        <translation>Réservation…</translation>
    </message>
    <message>
        <source>Asking the lab…</source>
        <translation>Interrogation du labo…</translation>
    </message>
    <message>
        <source>Yours (uncertain)</source>
        <translation>À vous (incertain)</translation>
    </message>
    <message>
        <source>Yours</source>
        <translation>À vous</translation>
    </message>
    <message>
        <source>Yours, but not confirmed by the lab lately: it may have been freed</source>
        <translation>À vous, mais non confirmé récemment par le labo : il a pu être libéré</translation>
    </message>
    <message>
        <source>Yours since %1</source>
        <translation>À vous depuis %1</translation>
    </message>
    <message>
        <source>You · %1</source>
        <translation>Vous · %1</translation>
    </message>
    <message>
        <source>Waiting (%1)</source>
        <translation>En attente (%1)</translation>
    </message>
    <message>
        <source>You are %1 in the queue; held by %2</source>
        <translation>Vous êtes %1 dans la file ; détenu par %2</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Occupé</translation>
    </message>
    <message>
        <source>Held by %1 since %2</source>
        <translation>Détenu par %1 depuis %2</translation>
    </message>
    <message>
        <source>In maintenance</source>
        <translation>En maintenance</translation>
    </message>
    <message>
        <source>In maintenance: %1</source>
        <translation>En maintenance : %1</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>Libre</translation>
    </message>
    <message>
        <source>%1 is in maintenance: %2</source>
        <translation>%1 est en maintenance : %2</translation>
    </message>
    <message>
        <source>%1 is held by %2</source>
        <translation>%1 est détenu par %2</translation>
    </message>
    <message>
        <source>%1 could not be claimed: %2</source>
        <translation>%1 n’a pas pu être réservé : %2</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::NoteDialog</name>
    <message>
        <source>Note for %1</source>
        <translation>Note pour %1</translation>
    </message>
    <message>
        <source>Shown to others while you hold %1:</source>
        <translation>Affichée aux autres tant que vous réservez %1 :</translation>
    </message>
    <message>
        <source>Shown to others with your next claim of %1:</source>
        <translation>Affichée aux autres lors de votre prochaine réservation de %1 :</translation>
    </message>
    <message>
        <source>Use this note for every claim of this device</source>
        <translation>Utiliser cette note pour chaque réservation de cet appareil</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::SettingsDialog</name>
    <message>
        <source>devlatch — Settings</source>
        <translation>devlatch — Paramètres</translation>
    </message>
    <message>
        <source>Show notifications</source>
        <translation>Afficher les notifications</translation>
    </message>
    <message>
        <source>As configured (devlatch.conf)</source>
        <translation>Selon la configuration (devlatch.conf)</translation>
    </message>
    <message>
        <source>Machine: every user on this computer sees your claims</source>
        <translation>Machine : tous les utilisateurs de cet ordinateur voient vos réservations</translation>
    </message>
    <message>
        <source>User: only your own programs see them</source>
        <translation>Utilisateur : seuls vos propres programmes les voient</translation>
    </message>
    <message>
        <source>Now: %1 scope, locks in %2. A new scope applies when devlatch starts again.</source>
        <translation>Actuellement : portée %1, verrous dans %2. Une nouvelle portée s’applique au prochain démarrage de devlatch.</translation>
    </message>
    <message>
        <source>Start devlatch when I log in</source>
        <translation>Lancer devlatch à l’ouverture de session</translation>
    </message>
    <message>
        <source> devices</source>
        <translation> appareils</translation>
    </message>
    <message>
        <source>Panel-coloured (monochrome) tray icon</source>
        <translation>Icône de notification aux couleurs du panneau (monochrome)</translation>
    </message>
    <message>
        <source>Lock scope:</source>
        <translation>Portée des verrous :</translation>
    </message>
    <message>
        <source>Tray menu lists up to:</source>
        <translation>Le menu affiche au plus :</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::StateWording</name>
    <message>
        <source>Unplugged (%1)</source>
        <translation>Débranché (%1)</translation>
    </message>
    <message>
        <source>Held by a program that left no holder record</source>
        <translation>Réservé par un programme qui n’a laissé aucun enregistrement</translation>
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
        <source>You</source>
        <translation>Vous</translation>
    </message>
    <message>
        <source>Held by you</source>
        <translation>Réservé par vous</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Réservé</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>Utilisé</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Inconnu</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>En attente</translation>
    </message>
    <message>
        <source>Unplugged</source>
        <translation>Débranché</translation>
    </message>
    <message>
        <source>Yours, unplugged</source>
        <translation>À vous, débranché</translation>
    </message>
    <message>
        <source>serial</source>
        <translation>série</translation>
    </message>
    <message>
        <source>probe</source>
        <translation>sonde</translation>
    </message>
    <message>
        <source>camera</source>
        <translation>caméra</translation>
    </message>
    <message>
        <source>instrument</source>
        <translation>instrument</translation>
    </message>
    <message>
        <source>resource</source>
        <translation>ressource</translation>
    </message>
    <message>
        <source>device</source>
        <translation>appareil</translation>
    </message>
    <message>
        <source>In use outside devlatch by a process whose name cannot be read (pid %1)</source>
        <translation>Utilisé hors de devlatch par un processus dont le nom est illisible (PID %1)</translation>
    </message>
    <message>
        <source>You, in %1 (pid %2) since %3</source>
        <translation>Vous, dans %1 (PID %2) depuis %3</translation>
    </message>
    <message>
        <source>Held by %1: %2 (pid %3) since %4</source>
        <translation>Réservé par %1 : %2 (PID %3) depuis %4</translation>
    </message>
    <message>
        <source>Free — %1 (pid %2) ended without releasing it</source>
        <translation>Libre — %1 (PID %2) s’est terminé sans le libérer</translation>
    </message>
    <message>
        <source>its holder</source>
        <translation>son détenteur</translation>
    </message>
    <message>
        <source> — also in use by %1 (pid %2)</source>
        <translation> — également utilisé par %1 (PID %2)</translation>
    </message>
    <message>
        <source>a process whose name cannot be read</source>
        <translation>un processus dont le nom est illisible</translation>
    </message>
    <message>
        <source>Waiting — you are queued; %1</source>
        <translation>En attente — vous êtes dans la file ; %1</translation>
    </message>
    <message>
        <source>You · %1 (pid %2)</source>
        <translation>Vous · %1 (PID %2)</translation>
    </message>
    <message>
        <source>%1 · %2 (pid %3)</source>
        <translation>%1 · %2 (PID %3)</translation>
    </message>
    <message>
        <source>%1 (pid %2)</source>
        <translation>%1 (PID %2)</translation>
    </message>
    <message>
        <source>unnamed process</source>
        <translation>processus sans nom</translation>
    </message>
    <message>
        <source>a program outside devlatch</source>
        <translation>un programme hors de devlatch</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::TrayApp</name>
    <message>
        <source>Quit devlatch</source>
        <translation>Quitter devlatch</translation>
    </message>
    <message numerus="yes">
        <source>Quitting releases %n device(s): %1.</source>
        <translation>
            <numerusform>Quitter libère %n appareil : %1.</numerusform>
            <numerusform>Quitter libère %n appareils : %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>It cancels %n waiting claim(s).</source>
        <translation>
            <numerusform>Cela annule %n réservation en attente.</numerusform>
            <numerusform>Cela annule %n réservations en attente.</numerusform>
        </translation>
    </message>
    <message>
        <source>Quit anyway?</source>
        <translation>Quitter quand même ?</translation>
    </message>
    <message>
        <source>Close devlatch</source>
        <translation>Fermer devlatch</translation>
    </message>
    <message>
        <source>There is no tray here: keep running, the claims kept, with no window (start devlatch again to see it), or quit?</source>
        <translation>Il n’y a pas de zone de notification ici : continuer sans fenêtre en gardant les réservations (relancez devlatch pour la revoir), ou quitter ?</translation>
    </message>
    <message>
        <source>Quit and release</source>
        <translation>Quitter et libérer</translation>
    </message>
    <message>
        <source>Keep running</source>
        <translation>Continuer</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::TrayController</name>
    <message>
        <source>%1 is yours</source>
        <translation>%1 est à vous</translation>
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
        <source>devlatch: %1 held by you · %2 busy · %3 free</source>
        <translation>devlatch — à vous : %1 · en usage : %2 · sans détenteur : %3</translation>
    </message>
    <message numerus="yes">
        <source> · %n waiting</source>
        <translation>
            <numerusform> · %n en attente</numerusform>
            <numerusform> · %n en attente</numerusform>
        </translation>
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
        <source>Claim history</source>
        <translation>Historique des réservations</translation>
    </message>
    <message>
        <source>No such device: %1</source>
        <translation>Appareil inconnu : %1</translation>
    </message>
    <message>
        <source>%1 is busy: %2</source>
        <translation>%1 est occupé : %2</translation>
    </message>
    <message>
        <source>%1 is not yours</source>
        <translation>%1 ne vous appartient pas</translation>
    </message>
    <message>
        <source>%1 released</source>
        <translation>%1 libéré</translation>
    </message>
    <message numerus="yes">
        <source>Released %n device(s)</source>
        <translation>
            <numerusform>%n appareil libéré</numerusform>
            <numerusform>%n appareils libérés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; cancelled %n queued claim(s)</source>
        <translation>
            <numerusform>; %n réservation en attente annulée</numerusform>
            <numerusform>; %n réservations en attente annulées</numerusform>
        </translation>
    </message>
    <message>
        <source>Release all</source>
        <translation>Tout libérer</translation>
    </message>
    <message>
        <source>%1 is already yours or queued</source>
        <translation>%1 est déjà à vous ou en attente</translation>
    </message>
    <message>
        <source>Waiting for %1: it is yours the moment it is free</source>
        <translation>En attente de %1 : il sera à vous dès qu’il sera libre</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>non démarré</translation>
    </message>
    <message>
        <source>%1 (lab)</source>
        <translation>%1 (labo)</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::TrayMenu</name>
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
    <message>
        <source>No devices found or configured</source>
        <translation>Aucun appareil trouvé ni configuré</translation>
    </message>
    <message numerus="yes">
        <source>Release all and cancel %n waiting claim(s)</source>
        <translation>
            <numerusform>Tout libérer et annuler %n réservation en attente</numerusform>
            <numerusform>Tout libérer et annuler %n réservations en attente</numerusform>
        </translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Paramètres…</translation>
    </message>
    <message>
        <source>About devlatch</source>
        <translation>À propos de devlatch</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>No lab device is in use or listed ([lab] devices=)</source>
        <translation>Aucun appareil du labo utilisé ou listé ([lab] devices=)</translation>
    </message>
    <message>
        <source>Leave the queue</source>
        <translation>Quitter la file d’attente</translation>
    </message>
    <message>
        <source>Wait in the queue</source>
        <translation>Attendre dans la file</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::TrayNotices</name>
    <message>
        <source>Release</source>
        <translation>Libérer</translation>
    </message>
    <message>
        <source>Its previous holder, %1 (pid %2), ended without releasing it.</source>
        <translation>Son détenteur précédent, %1 (PID %2), s’est terminé sans le libérer.</translation>
    </message>
    <message>
        <source>%1 is yours</source>
        <translation>%1 est à vous</translation>
    </message>
    <message>
        <source>It became free and was claimed for you.</source>
        <translation>Il s’est libéré et a été réservé pour vous.</translation>
    </message>
    <message>
        <source>Cannot claim %1</source>
        <translation>Impossible de réserver %1</translation>
    </message>
    <message>
        <source>%1 is busy</source>
        <translation>%1 est occupé</translation>
    </message>
    <message>
        <source>The lock file of %1 was removed</source>
        <translation>Le fichier de verrou de %1 a été supprimé</translation>
    </message>
    <message>
        <source>devlatch took the new one as well, so others are still refused. Lock files must never be removed.</source>
        <translation>devlatch a aussi pris le nouveau : les autres restent refusés. Les fichiers de verrou ne doivent jamais être supprimés.</translation>
    </message>
    <message>
        <source>Another process took the new one: it may be using the device too.</source>
        <translation>Un autre processus a pris le nouveau : il utilise peut-être aussi l’appareil.</translation>
    </message>
    <message>
        <source>%1 was unplugged</source>
        <translation>%1 a été débranché</translation>
    </message>
    <message>
        <source>You still hold its claim; plug it back in, or release it.</source>
        <translation>Vous gardez sa réservation ; rebranchez-le ou libérez-le.</translation>
    </message>
    <message>
        <source>%1 is back</source>
        <translation>%1 est de retour</translation>
    </message>
    <message>
        <source>It is still yours.</source>
        <translation>Il est toujours à vous.</translation>
    </message>
    <message>
        <source>It is still yours, now at %1.</source>
        <translation>Il est toujours à vous, désormais sur %1.</translation>
    </message>
    <message>
        <source>%1 is also in use outside devlatch</source>
        <translation>%1 est aussi utilisé hors de devlatch</translation>
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
        <source>Claim now</source>
        <translation>Réserver maintenant</translation>
    </message>
    <message>
        <source>%1 went to someone else</source>
        <translation>%1 est allé à quelqu’un d’autre</translation>
    </message>
</context>
</TS>
