#!/usr/bin/python3
# check-flatpak.py: the Flatpak manifests agree with the build and stay minimal.
#
# No runtime can be downloaded here, so the manifests are never built in the
# test suite. What can be checked offline is checked:
#   - flatpak-builder parses each manifest under G_DEBUG=fatal-warnings, so an
#     unknown or misspelt key aborts it (exit 133) instead of being ignored;
#   - the app id matches meson's app_id, the desktop file and the metainfo
#     (".Devel" for the development manifest), and the command is the Exec
#     binary of the desktop file and an executable app/meson.build installs
#     (backprop, or backprop-devel for the development build, which installs
#     next to the stable one: meson's name_suffix);
#   - finish-args are exactly the four the app needs (files come through the
#     portal: no --filesystem, no --share=network, no plain --socket=x11);
#   - the runtime is org.gnome.Platform/Sdk, one version for both manifests;
#   - every downloaded source is pinned (https + sha256, or a git commit);
#   - OpenBLAS is built with DYNAMIC_ARCH, without Fortran or LAPACK, with a
#     baseline TARGET for each architecture Flathub builds, and cleaned up;
#   - the app module comes last and builds the local checkout with meson,
#     with -Dtests=false;
#   - the meson build needs nothing the GNOME SDK lacks: with -Dtests=false
#     tests/ is skipped, and every find_program() elsewhere is an SDK tool.
#
# Usage: check-flatpak.py SOURCE_ROOT MESON_APP_ID [BUILD_ROOT]
# Prints one "ok"/"not ok" line per check; exits 1 if any check failed.

import configparser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

RUNTIME = 'org.gnome.Platform'
SDK = 'org.gnome.Sdk'
FINISH_ARGS = ['--share=ipc', '--socket=wayland', '--socket=fallback-x11', '--device=dri']
# Named explicitly so a failure says why, not only "not the allowed set".
FORBIDDEN_ARG_PREFIXES = ['--filesystem', '--socket=x11', '--share=network',
                          '--device=all', '--talk-name=org.freedesktop.Flatpak']

# pkg-config names the GNOME runtime provides (GLib, GTK 4, libadwaita and
# json-glib are all part of org.gnome.Platform).
RUNTIME_PKGS = {'glib-2.0', 'gio-2.0', 'gobject-2.0', 'gmodule-2.0', 'gio-unix-2.0',
                'json-glib-1.0', 'gtk4', 'libadwaita-1', 'cairo', 'pango',
                'graphene-gobject-1.0'}
# Programs the SDK does not ship: meson must not require them to configure.
NOT_IN_SDK = {'xvfb-run', 'Xvfb', 'flatpak', 'flatpak-builder', 'xdotool'}
# Programs the GNOME SDK has (GLib's tools, gettext, GTK's icon cache,
# desktop-file-utils): the only ones meson files outside tests/ may look up.
SDK_PROGRAMS = {'glib-compile-schemas', 'glib-compile-resources', 'glib-mkenums',
                'glib-genmarshal', 'msgfmt', 'msgmerge', 'xgettext', 'itstool',
                'gtk4-update-icon-cache', 'update-desktop-database',
                # Meson itself runs on the SDK's Python (engine/export/embed.py).
                'python3'}

# OpenBLAS baseline TARGET per architecture for a DYNAMIC_ARCH build: the
# oldest CPU the common code may assume.
OPENBLAS_TARGETS = {
    'x86_64': {'GENERIC', 'PRESCOTT', 'CORE2', 'NEHALEM'},
    'aarch64': {'ARMV8', 'GENERIC'},
}
FLATHUB_ARCHES = ['x86_64', 'aarch64']

failures = 0


def check(ok, what, detail=''):
    global failures
    if ok:
        print(f'ok - {what}')
    else:
        failures += 1
        print(f'not ok - {what}' + (f': {detail}' if detail else ''))
    return ok


def read(path):
    with open(path, encoding='utf-8') as f:
        return f.read()


def show_manifest(path):
    """The manifest as flatpak-builder normalises it, or None."""
    env = dict(os.environ, G_DEBUG='fatal-warnings')
    # --show-manifest creates .flatpak-builder/ in the working directory.
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.run(['flatpak-builder', '--show-manifest', path],
                              cwd=tmp, env=env, capture_output=True, text=True)
    name = os.path.basename(path)
    # An unknown key is a warning, made fatal: SIGTRAP (exit 133 in a shell).
    status = 'killed by SIGTRAP (unknown key)' if proc.returncode == -5 else f'exit {proc.returncode}'
    if not check(proc.returncode == 0, f'{name}: flatpak-builder --show-manifest under G_DEBUG=fatal-warnings',
                 f'{status}; {proc.stderr.strip()}'):
        return None
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError as e:
        check(False, f'{name}: normalised manifest is JSON', str(e))
        return None


def meson_calls(text, func, env=None):
    """(first argument, full argument text) of each func(...) call. The first
    argument is a string literal, or a variable that env resolves."""
    calls = []
    for m in re.finditer(r'\b' + func + r'\s*\(', text):
        depth, i = 1, m.end()
        while i < len(text) and depth:
            depth += {'(': 1, ')': -1}.get(text[i], 0)
            i += 1
        args = text[m.end():i - 1]
        first = re.match(r"\s*(?:'([^']*)'|([A-Za-z_]\w*)\s*[,)]?)", args)
        name = None
        if first:
            name = first.group(1) if first.group(1) is not None else (env or {}).get(first.group(2))
        calls.append((name, args))
    return calls


def meson_string_vars(text, env):
    """The top-level string variables of a meson file that are literals,
    variables and '+' (app_binary = 'backprop' + name_suffix), evaluated in
    order on top of env."""
    env = dict(env)
    term = r"(?:'[^']*'|[A-Za-z_]\w*)"
    for m in re.finditer(r"^[ \t]*([A-Za-z_]\w*)\s*=\s*(" + term + r"(?:\s*\+\s*" + term + r")*)\s*$", text, re.M):
        parts = [p.strip() for p in m.group(2).split('+')]
        values = [p[1:-1] if p.startswith("'") else env.get(p) for p in parts]
        if all(isinstance(v, str) for v in values):
            env[m.group(1)] = ''.join(values)
    return env


def development_branches(root_meson):
    """The statements of `if get_option('development')`, of its else, and
    what follows the endif."""
    m = re.search(r"^if\s+get_option\('development'\)\s*\n(.*?)^else\s*\n(.*?)^endif", root_meson, re.S | re.M)
    return (m.group(1), m.group(2), root_meson[m.end():]) if m else (None, None, '')


def installed_executables(app_meson, env):
    return {name for name, args in meson_calls(read(app_meson), 'executable', env)
            if name and re.search(r'\binstall\s*:\s*true\b', args)}


def desktop_exec_binary(path):
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str
    parser.read(path, encoding='utf-8')
    entry = parser['Desktop Entry']
    return entry.get('Exec', '').split()[0] if entry.get('Exec') else None, entry.get('Icon')


def metainfo_facts(path):
    root = ET.parse(path).getroot()
    return {
        'id': (root.findtext('id') or '').strip(),
        'launchable': (root.findtext('launchable') or '').strip(),
        'binaries': [b.text.strip() for b in root.findall('provides/binary') if b.text],
    }


def sources_of(module):
    for src in module.get('sources', []):
        yield module.get('name', '?'), src
    for sub in module.get('modules', []):
        if isinstance(sub, dict):
            yield from sources_of(sub)


def module_commands(module):
    return ' '.join(module.get('build-commands', []) + module.get('make-args', []) +
                    module.get('make-install-args', []) + module.get('config-opts', []))


def arch_env(module, arch):
    env = {}
    opts = module.get('build-options', {})
    env.update(opts.get('env', {}))
    env.update(opts.get('arch', {}).get(arch, {}).get('env', {}))
    return env


def expand(text, env):
    return re.sub(r'\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?', lambda m: env.get(m.group(1), ''), text)


def check_openblas(name, manifest, module):
    cmds = module_commands(module)
    has = lambda *opts: any(re.search(r'(^|\s)' + re.escape(o) + r'(\s|$)', cmds) for o in opts)
    check(module.get('buildsystem') in ('simple', 'cmake', 'cmake-ninja'),
          f'{name}: OpenBLAS builds with make (simple) or cmake', module.get('buildsystem', 'autotools'))
    check(has('DYNAMIC_ARCH=1', '-DDYNAMIC_ARCH=ON'), f'{name}: OpenBLAS has DYNAMIC_ARCH')
    check(has('NO_FORTRAN=1', 'NOFORTRAN=1', '-DNOFORTRAN=ON', '-DNOFORTRAN=1'),
          f'{name}: OpenBLAS is built without Fortran')
    check(has('NO_LAPACK=1', '-DBUILD_WITHOUT_LAPACK=ON', 'ONLY_CBLAS=1'),
          f'{name}: OpenBLAS is built without LAPACK')
    check(not has('C_LAPACK=1', '-DC_LAPACK=ON', 'NO_LAPACK=0', 'netlib') and
          not re.search(r'(^|\s)FC=', cmds), f'{name}: nothing brings LAPACK or a Fortran compiler back')
    check(has('USE_OPENMP=0', '-DUSE_OPENMP=OFF', '-DUSE_OPENMP=0'),
          f'{name}: OpenBLAS uses pthreads, not OpenMP')
    threads = re.search(r'NUM_THREADS=(\d+)', cmds)
    check(threads is not None and 8 <= int(threads.group(1)) <= 512,
          f'{name}: OpenBLAS NUM_THREADS set (8..512)', threads.group(0) if threads else 'unset')
    if module.get('buildsystem') == 'simple':
        check(re.search(r'make\b.*\bPREFIX=/app\b.*\binstall\b', cmds) is not None,
              f'{name}: OpenBLAS installs to /app (make PREFIX=/app install)')

    only = module.get('only-arches') or manifest.get('only-arches')
    skip = set(module.get('skip-arches', []))
    arches = [a for a in FLATHUB_ARCHES if (not only or a in only) and a not in skip]
    check(bool(arches), f'{name}: OpenBLAS builds for at least one Flathub architecture')
    for arch in arches:
        resolved = expand(cmds, arch_env(module, arch))
        targets = set(re.findall(r'(?:^|\s)(?:-D)?TARGET=([A-Za-z0-9_]*)', resolved))
        check(len(targets) == 1 and targets <= OPENBLAS_TARGETS[arch],
              f'{name}: OpenBLAS baseline TARGET on {arch} is one of {sorted(OPENBLAS_TARGETS[arch])}',
              f'found {sorted(targets) or "none"}')

    cleanup = module.get('cleanup', [])
    for want in ('/include', '/lib/pkgconfig', '/lib/cmake'):
        check(want in cleanup, f'{name}: OpenBLAS cleanup removes {want}', f'cleanup is {cleanup}')
    check(any(c.endswith('*.a') for c in cleanup), f'{name}: OpenBLAS cleanup removes static libraries',
          f'cleanup is {cleanup}')


def check_manifest(path, expected_id, devel, ctx):
    name = os.path.basename(path)
    m = show_manifest(path)
    if m is None:
        return None
    app_id = m.get('id') or m.get('app-id')
    check(app_id == expected_id, f'{name}: app id is {expected_id}', f'found {app_id}')
    check(name == f'{app_id}.json', f'{name}: file is named after its app id')

    # This build's names: backprop, backprop-cli (…-devel for Devel).
    v = ctx['variants'][devel]
    command = m.get('command')
    check(command == v['binary'], f'{name}: command is {v["binary"]}', str(command))
    check(command == v['exec'], f'{name}: command equals the desktop file Exec binary',
          f'command {command}, Exec {v["exec"]}')
    check(command in v['installed'], f'{name}: command is an executable app/meson.build installs',
          f'{command} not in {sorted(v["installed"])}')
    if v['binaries']:
        check(command in v['binaries'], f'{name}: command is a <binary> the metainfo provides',
              f'{command} not in {v["binaries"]}')

    args = m.get('finish-args', [])
    bad = [a for a in args if any(a.startswith(p) for p in FORBIDDEN_ARG_PREFIXES)]
    check(not bad, f'{name}: no filesystem, network or plain X11 access', ' '.join(bad))
    check(sorted(args) == sorted(FINISH_ARGS) and len(args) == len(set(args)),
          f'{name}: finish-args are exactly {" ".join(FINISH_ARGS)}', f'found {" ".join(args)}')

    check(m.get('runtime') == RUNTIME, f'{name}: runtime is {RUNTIME}', str(m.get('runtime')))
    sdk, _, sdk_version = (m.get('sdk') or '').partition('//')
    check(sdk == SDK, f'{name}: sdk is {SDK}', str(m.get('sdk')))
    version = m.get('runtime-version', '')
    check(re.fullmatch(r'\d+', version or '') is not None,
          f'{name}: runtime-version is a stable GNOME release', f'found {version!r}')
    check(not sdk_version or sdk_version == version, f'{name}: sdk version equals runtime-version',
          f'{sdk_version} vs {version}')

    modules = [mod for mod in m.get('modules', []) if isinstance(mod, dict)]
    check(len(modules) == len(m.get('modules', [])), f'{name}: modules are inline, not separate files')
    if not check(len(modules) >= 2, f'{name}: OpenBLAS and the app are modules', f'{len(modules)} modules'):
        return m

    for mod_name, src in (s for mod in modules for s in sources_of(mod)):
        kind = src.get('type')
        if kind in ('archive', 'file') and ('url' in src or kind == 'archive'):
            url, sha = src.get('url', ''), src.get('sha256', '')
            check(url.startswith('https://'), f'{name}: {mod_name} source url is https', url)
            check(re.fullmatch(r'[0-9a-f]{64}', sha) is not None,
                  f'{name}: {mod_name} source is pinned by sha256', sha or 'no sha256')
        elif kind == 'git':
            check(bool(src.get('commit')) and src.get('url', '').startswith('https://'),
                  f'{name}: {mod_name} git source is https and pinned to a commit')

    app = modules[-1]
    check(app.get('name') == 'backprop', f'{name}: the last module is the app', app.get('name'))
    check(app.get('buildsystem') == 'meson', f'{name}: the app builds with meson', app.get('buildsystem'))
    srcs = app.get('sources', [])
    dir_ok = (len(srcs) == 1 and srcs[0].get('type') == 'dir' and
              os.path.realpath(os.path.join(os.path.dirname(path), srcs[0].get('path', ''))) ==
              os.path.realpath(ctx['root']))
    check(dir_ok, f'{name}: the app source is the local checkout ("dir", path to the project root)', str(srcs))
    check(not app.get('run-tests'), f'{name}: meson tests are not run inside the SDK (they need Xvfb)')
    opts = app.get('config-opts', [])
    check(('-Ddevelopment=true' in opts) == devel,
          f'{name}: -Ddevelopment=true is {"set" if devel else "not set"}', str(opts))
    # The tests need tools the SDK lacks; -Dtests=false skips tests/.
    check('-Dtests=false' in opts and not any(o.startswith('-Dtests=') and o != '-Dtests=false' for o in opts),
          f'{name}: -Dtests=false is set', str(opts))
    check(all(s.get('type') != 'dir' for mod in modules[:-1] for _, s in sources_of(mod)),
          f'{name}: only the app module uses a local directory')

    blas = [mod for mod in modules[:-1] if 'openblas' in mod.get('name', '').lower()]
    if check(len(blas) == 1, f'{name}: one OpenBLAS module, before the app'):
        check_openblas(name, m, blas[0])

    provided = set(RUNTIME_PKGS) | {mod.get('name', '').lower() for mod in modules[:-1]}
    missing = sorted(d for d in ctx['meson_deps'] if d not in provided)
    check(not missing, f'{name}: every meson dependency() is in the runtime or a module', ' '.join(missing))
    return m


def main():
    if len(sys.argv) not in (3, 4):
        print(__doc__ or 'usage: check-flatpak.py SOURCE_ROOT MESON_APP_ID [BUILD_ROOT]')
        return 2
    root, meson_app_id = os.path.abspath(sys.argv[1]), sys.argv[2]
    build_root = os.path.abspath(sys.argv[3]) if len(sys.argv) == 4 else None
    if shutil.which('flatpak-builder') is None:
        print('not ok - flatpak-builder is installed (tools/install-deps.sh installs it)')
        return 1

    # A development build's app_id carries the suffix; the stable id does not.
    base_id = meson_app_id[:-len('.Devel')] if meson_app_id.endswith('.Devel') else meson_app_id
    root_meson = read(os.path.join(root, 'meson.build'))
    for want in (base_id, base_id + '.Devel'):
        check(re.search(r"^\s*app_id\s*=\s*'" + re.escape(want) + "'", root_meson, re.M) is not None,
              f'meson.build sets app_id to {want} (stable, development)')

    # The names each build installs: name_suffix is '' for the stable build
    # and '-devel' for the development one, so both fit into one prefix.
    devel_branch, stable_branch, after = development_branches(root_meson)
    check(devel_branch is not None, "meson.build has an if get_option('development') … else … endif")
    variants = {}
    for devel, branch in ((False, stable_branch), (True, devel_branch)):
        env = meson_string_vars(branch or '', {})
        env = meson_string_vars(after, env)
        want = '-devel' if devel else ''
        check(env.get('name_suffix') == want, f'meson.build: name_suffix is {want!r} when development={str(devel).lower()}',
              f'found {env.get("name_suffix")!r}')
        variants[devel] = {'env': env, 'binary': env.get('app_binary'), 'cli': env.get('cli_binary')}
        check(env.get('app_binary') == 'backprop' + want and env.get('cli_binary') == 'backprop-cli' + want,
              f'meson.build: the binaries are backprop{want} and backprop-cli{want}',
              f'found {env.get("app_binary")}, {env.get("cli_binary")}')

    res = os.path.join(root, 'resources')
    desktop_in = os.path.join(res, f'{base_id}.desktop.in.in')
    metainfo_in = os.path.join(res, f'{base_id}.metainfo.xml.in.in')
    check(os.path.exists(desktop_in), f'desktop file template is named after the app id ({os.path.basename(desktop_in)})')
    check(os.path.exists(metainfo_in), f'metainfo template is named after the app id ({os.path.basename(metainfo_in)})')
    exec_bin, icon = desktop_exec_binary(desktop_in) if os.path.exists(desktop_in) else (None, None)
    check(icon in ('@APP_ID@', base_id), 'desktop file Icon is the app id', str(icon))
    # A literal "backprop" would start the stable app from the Devel entry.
    check(exec_bin == '@BINARY@', 'desktop file Exec is meson\'s app_binary (@BINARY@)', str(exec_bin))
    facts = metainfo_facts(metainfo_in) if os.path.exists(metainfo_in) else {'id': None, 'launchable': None, 'binaries': []}
    check(facts['id'] in ('@APP_ID@', base_id), 'metainfo <id> is the app id', str(facts['id']))
    check(facts['launchable'] in ('@APP_ID@.desktop', f'{base_id}.desktop'),
          'metainfo launchable is the app id\'s desktop file', str(facts['launchable']))
    check(facts['binaries'] == ['@BINARY@', '@CLI_BINARY@'],
          'metainfo provides meson\'s app_binary and cli_binary (@BINARY@, @CLI_BINARY@)', str(facts['binaries']))
    res_meson = read(os.path.join(res, 'meson.build'))
    for key, var in (('BINARY', 'app_binary'), ('CLI_BINARY', 'cli_binary')):
        check(re.search(r"desktop_conf\.set\('" + key + r"',\s*" + var + r"\)", res_meson) is not None,
              f'resources/meson.build substitutes @{key}@ with {var}')
    app_meson = os.path.join(root, 'app', 'meson.build')
    for devel, v in variants.items():
        subst = lambda t: t.replace('@CLI_BINARY@', v['cli'] or '?').replace('@BINARY@', v['binary'] or '?') if t else t
        v['exec'] = subst(exec_bin)
        v['binaries'] = [subst(b) for b in facts['binaries']]
        v['installed'] = installed_executables(app_meson, v['env'])
        check(v['installed'] == {v['binary'], v['cli']},
              f'app/meson.build installs {v["binary"]} and {v["cli"]}', str(sorted(n for n in v['installed'] if n)))

    # The files meson generated, when this build tree has them: their id is
    # meson's app_id (".Devel" in a development build).
    if build_root:
        for dirpath, dirnames, filenames in os.walk(build_root):
            dirnames[:] = [d for d in dirnames if not d.startswith('meson-')]
            for fn in filenames:
                full = os.path.join(dirpath, fn)
                v = variants[meson_app_id.endswith('.Devel')]
                if fn == f'{meson_app_id}.desktop':
                    built_exec, built_icon = desktop_exec_binary(full)
                    check(built_exec == v['binary'] and built_icon == meson_app_id,
                          f'built {fn}: Exec {built_exec}, Icon {built_icon}')
                    check(os.path.isfile(os.path.join(build_root, 'app', built_exec or '?')),
                          f'built {fn}: its Exec binary is built (app/{built_exec})')
                elif fn == f'{meson_app_id}.metainfo.xml':
                    built = metainfo_facts(full)
                    check(built['id'] == meson_app_id, f'built {fn}: <id> is {meson_app_id}')
                    check(built['binaries'] == [v['binary'], v['cli']],
                          f'built {fn}: provides {v["binary"]} and {v["cli"]}', str(built['binaries']))

    # Meson configures inside the SDK: its dependencies must exist there, and
    # programs the SDK lacks may only be optional (they serve tests).
    meson_files = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(('_', '.'))]  # build trees, .git
        meson_files += [os.path.join(dirpath, f) for f in filenames if f == 'meson.build']
    meson_deps, needs_missing_tool, not_sdk_tool = set(), [], []
    tests_dir = os.path.join(root, 'tests') + os.sep
    for mf in meson_files:
        text = read(mf)
        rel = os.path.relpath(mf, root)
        meson_deps |= {n for n, _ in meson_calls(text, 'dependency') if n}
        for prog, args in meson_calls(text, 'find_program'):
            if prog in NOT_IN_SDK and not re.search(r'required\s*:\s*false', args):
                needs_missing_tool.append(f'{rel}: {prog}')
            # tests/ is skipped with -Dtests=false; everything else runs in
            # the SDK, required or not (a variable name counts as unknown).
            if not mf.startswith(tests_dir) and prog not in SDK_PROGRAMS:
                not_sdk_tool.append(f'{rel}: {prog or args.strip()}')
    check(not needs_missing_tool, 'meson requires no program the GNOME SDK lacks',
          '; '.join(needs_missing_tool))
    check(not not_sdk_tool, 'every find_program() outside tests/ is a GNOME SDK tool',
          '; '.join(not_sdk_tool))
    options = [p for p in (os.path.join(root, 'meson.options'), os.path.join(root, 'meson_options.txt'))
               if os.path.exists(p)]
    options_text = '\n'.join(read(p) for p in options)
    check(re.search(r"option\(\s*'development'", options_text) is not None,
          'meson declares the development option the Devel manifest sets')
    check(re.search(r"option\(\s*'tests'\s*,\s*type\s*:\s*'boolean'\s*,\s*value\s*:\s*true\b", options_text) is not None,
          'meson declares a boolean tests option, on by default')
    # subdir('tests') only under get_option('tests'), and nowhere else.
    subdirs = [(mf, text) for mf in meson_files for text in [read(mf)] if re.search(r"subdir\(\s*'tests'\s*\)", text)]
    gated = re.search(r"^if\s+get_option\('tests'\)\s*\n\s*subdir\('tests'\)\s*\nendif", root_meson, re.M)
    check(len(subdirs) == 1 and subdirs[0][0] == os.path.join(root, 'meson.build') and
          len(re.findall(r"subdir\(\s*'tests'\s*\)", root_meson)) == 1 and gated is not None,
          "subdir('tests') is only inside if get_option('tests') in meson.build")

    ctx = {
        'root': root,
        'variants': variants,
        'meson_deps': meson_deps,
    }
    flatpak_dir = os.path.join(root, 'flatpak')
    stable_path = os.path.join(flatpak_dir, f'{base_id}.json')
    devel_path = os.path.join(flatpak_dir, f'{base_id}.Devel.json')
    found = sorted(f for f in os.listdir(flatpak_dir) if f.endswith(('.json', '.yml', '.yaml')))
    check(found == sorted([os.path.basename(stable_path), os.path.basename(devel_path)]),
          'flatpak/ holds the stable and the Devel manifest, nothing else', ' '.join(found))

    stable = check_manifest(stable_path, base_id, False, ctx) if os.path.exists(stable_path) else None
    devel = check_manifest(devel_path, base_id + '.Devel', True, ctx) if os.path.exists(devel_path) else None
    check(stable is not None and devel is not None, 'both manifests parse')
    if stable and devel:
        # The Devel manifest differs only by its id, its command (checked
        # against each build's binary above) and the meson option.
        def comparable(m):
            m = json.loads(json.dumps(m))
            m.pop('id', None)
            m.pop('app-id', None)
            m.pop('command', None)
            app = m['modules'][-1]
            opts = [o for o in app.pop('config-opts', []) if o != '-Ddevelopment=true']
            if opts:
                app['config-opts'] = opts
            return m
        check(comparable(stable) == comparable(devel),
              'the two manifests differ only in app id, command and -Ddevelopment=true')

    print(f'# {failures} check(s) failed' if failures else '# all checks passed')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
