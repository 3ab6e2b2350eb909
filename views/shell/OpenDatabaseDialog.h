#pragma once

#include "model/store/Database.h"

#include <QDialog>
#include <optional>

class QComboBox;
class QLabel;

namespace secreview::views {

// The databases this user opened before, newest first (QSettings; locations only, never a
// password: a location cannot hold one).
QStringList recentDatabases();
void rememberDatabase(const QString &location);

// File > Open Team Database…: a postgresql:// location, typed or picked from the recent ones.
// A location that is not one is said under the field, and what was typed stays.
class OpenDatabaseDialog : public QDialog
{
    Q_OBJECT
public:
    explicit OpenDatabaseDialog(QWidget *parent = nullptr);
    std::optional<Database> database() const { return m_database; }
    QComboBox *locationBox() const { return m_location; }
    QLabel *errorLabel() const { return m_error; }

    void accept() override;

private:
    QComboBox *m_location;
    QLabel *m_error;
    std::optional<Database> m_database;
};

} // namespace secreview::views
