#!/usr/bin/env python3
"""The house's rules, checked over the sources (CTest `layering`; docs/development.md draws them).

- Includes are written from the source root ("model/store/Database.h"), never by bare name.
- print/ (the PDF) includes model/ and itself, and never a Qt Widgets header.
- model/ modules include only the modules below them (MODEL below); model/ never includes views/,
  app/ or a Qt Gui/Widgets header.
- views/ features include model/, views/common/ and themselves; views/shell/ (the window) may
  include every feature. app/ includes model/, app/ and views/shell/.
- No SQL outside model/: no QSqlQuery, no Query(...) of the store in views/ or app/.
Exits 1 listing every offending line.
"""
import os
import re
import sys

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', '..'))

# module -> the modules it may include (besides itself). Arrows point down only.
MODEL = {
    'core': set(),
    'input': {'core'},
    'importers': {'core', 'input'},
    'store': {'core'},
    'users': {'core', 'store'},
    'scans': {'core', 'store', 'users', 'input', 'importers'},
    'triage': {'core', 'store', 'users', 'scans'},
    'exemptions': {'core', 'store', 'users', 'scans'},
    'pipelines': {'core', 'store', 'users', 'input', 'scans', 'exemptions'},
    'audit': {'core', 'store', 'users', 'scans', 'triage', 'exemptions', 'pipelines'},
    'report': {'core', 'store', 'users', 'input', 'importers', 'scans', 'triage', 'exemptions', 'pipelines', 'audit'},
    'demo': {'core', 'store', 'users', 'input', 'importers', 'scans', 'triage', 'exemptions', 'pipelines', 'audit'},
}
VIEW_FEATURES = {'issues', 'exemptions', 'pipelines', 'history', 'users', 'audit'}

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def gui_headers(modules=('QtGui', 'QtWidgets')):
    """Class headers of Qt Gui and Qt Widgets (QWidget, QColor, ...), read from the installed Qt."""
    names = set()
    for base in ('/usr/include/x86_64-linux-gnu/qt6', '/usr/include/aarch64-linux-gnu/qt6', '/usr/include/qt6'):
        for module in modules:
            folder = os.path.join(base, module)
            if os.path.isdir(folder):
                names.update(f for f in os.listdir(folder) if not f.endswith('.h'))
                names.update(module + '/' + f for f in os.listdir(folder))
                names.add(module)
    return names


def allowed(path, target):
    """None when path may include target, else why not."""
    parts = path.split('/')
    top = parts[0]
    if target.endswith('.moc') or target.startswith('ui_') or target.endswith('_autogen/mocs_compilation.cpp'):
        return None
    tparts = target.split('/')
    if tparts[0] not in ('model', 'print', 'views', 'app', 'tests'):
        return 'write includes from the source root (model/..., print/..., views/..., app/...)'
    if top == 'model':
        mod = parts[1]
        if tparts[0] != 'model':
            return 'model/ never includes %s/' % tparts[0]
        if mod not in MODEL:
            return 'model/%s is not a module docs/development.md names' % mod
        tmod = tparts[1]
        if tmod != mod and tmod not in MODEL[mod]:
            return 'model/%s may include only %s' % (mod, ', '.join(sorted(MODEL[mod])) or 'itself')
        return None
    if top == 'print':
        if tparts[0] in ('model', 'print'):
            return None
        return 'print/ includes model/ and print/ only'
    if top == 'views':
        feature = parts[1]
        if tparts[0] in ('model', 'print'):
            return None
        if tparts[0] != 'views':
            return 'views/ includes model/ and views/ only'
        tfeature = tparts[1]
        if tfeature in (feature, 'common') or feature == 'shell':
            return None
        return 'views/%s may include views/common and itself, not views/%s' % (feature, tfeature)
    if top == 'app':
        if tparts[0] in ('model', 'print', 'app') or target.startswith('views/shell/'):
            return None
        return 'app/ includes model/, print/, app/ and views/shell/ only'
    if top == 'tests':
        return None
    return None


def main():
    problems = []
    gui = gui_headers()
    widgets = gui_headers(('QtWidgets',))
    for top in ('model', 'print', 'views', 'app', 'tests'):
        for folder, _, files in os.walk(os.path.join(ROOT, top)):
            if '/fixtures' in folder or '/regressions' in folder or '/seeds' in folder:
                continue
            for name in files:
                if not name.endswith(('.h', '.cpp')):
                    continue
                full = os.path.join(folder, name)
                rel = os.path.relpath(full, ROOT)
                with open(full, encoding='utf-8') as f:
                    lines = f.readlines()
                for number, line in enumerate(lines, 1):
                    m = INCLUDE.match(line)
                    if m:
                        quote, target = m.groups()
                        if quote == '"':
                            why = allowed(rel, target)
                            if why:
                                problems.append('%s:%d: #include "%s": %s' % (rel, number, target, why))
                        elif top == 'print' and target in widgets:
                            problems.append('%s:%d: #include <%s>: print/ never uses Qt Widgets' % (rel, number, target))
                        elif top == 'model' and target in gui:
                            problems.append('%s:%d: #include <%s>: model/ never uses Qt Gui or Widgets' % (rel, number, target))
                    elif top in ('print', 'views', 'app') and re.search(r'\bQSqlQuery\b|\bQuery\s*\(|\bTransaction\s+\w+\s*\(', line):
                        problems.append('%s:%d: SQL belongs in model/: %s' % (rel, number, line.strip()))
    for p in problems:
        print(p)
    if problems:
        print('layering: %d problem(s); see docs/development.md, "The house"' % len(problems))
        return 1
    print('layering: every include points down')
    return 0


if __name__ == '__main__':
    sys.exit(main())
