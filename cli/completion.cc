#include "cli/completion.h"

#include <fmt/format.h>

#include <set>

namespace strata::cli {
namespace {

// What every script needs to know about one command.
struct CompletionFacts {
  std::string path;
  std::vector<const CommandInfo*> subcommands;
  std::vector<const OptionInfo*> options;  // the command's own; the global ones are added everywhere
  std::vector<std::string> version_options;
  bool version_argument = false;  // its first positional argument is a version
};

std::vector<CompletionFacts> CollectFacts(const CommandInfo& root) {
  std::vector<CompletionFacts> all;
  for (const CommandInfo* command : root.Flatten()) {
    CompletionFacts facts;
    facts.path = command->path;
    for (const CommandInfo& sub : command->subcommands) facts.subcommands.push_back(&sub);
    for (const OptionInfo& option : command->options) {
      facts.options.push_back(&option);
      if (option.TakesVersion())
        facts.version_options.insert(facts.version_options.end(), option.names.begin(), option.names.end());
    }
    facts.version_argument = !command->positionals.empty() && command->positionals.front().TakesVersion();
    all.push_back(std::move(facts));
  }
  return all;
}

// Every option name that takes a value, in any command: the scripts skip the value when they look for
// the command a line names.
std::string ValuedOptions(const CommandInfo& root) {
  std::set<std::string> names;
  for (const CommandInfo* command : root.Flatten()) {
    for (const OptionInfo& option : command->options) {
      if (!option.value.empty()) names.insert(option.names.begin(), option.names.end());
    }
  }
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : " ") + name;
  return text;
}

std::string JoinWords(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& word : words) text += (text.empty() ? "" : " ") + word;
  return text;
}

std::string OptionNames(const std::vector<const OptionInfo*>& options) {
  std::vector<std::string> names;
  for (const OptionInfo* option : options) names.insert(names.end(), option->names.begin(), option->names.end());
  return JoinWords(names);
}

std::string SubcommandNames(const CompletionFacts& facts) {
  std::vector<std::string> names;
  for (const CommandInfo* sub : facts.subcommands) names.push_back(sub->path.substr(sub->path.rfind(' ') + 1));
  return JoinWords(names);
}

// 'text' for a POSIX-like shell.
std::string SingleQuoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The loop that finds the command path in the words before the cursor, shared in spirit by the three
// scripts: a word that is a subcommand of the path so far extends it; an option skips its value.
constexpr const char* kBashScript =
    R"script(# bash completion for strata, generated from its command-line definition by `strata completion bash`.
# Install: copy to /usr/share/bash-completion/completions/strata, or `source <(strata completion bash)`.

# Versions from the migrations directory the line configures (--dir, --config, STRATA_DIR, strata.toml).
_strata_versions() {
  local strata=${COMP_WORDS[0]} i word
  local -a where=()
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=${COMP_WORDS[i]}
    case $word in
      --dir | --config) where+=("$word" "${COMP_WORDS[i + 1]}") ;;
      --dir=* | --config=*) where+=("$word") ;;
    esac
  done
  local listed line versions=
  listed=$(command "$strata" "${where[@]}" __complete versions 2>/dev/null) || return 0
  while IFS= read -r line; do versions+=" ${line%%$'\t'*}"; done <<<"$listed"
  COMPREPLY=($(compgen -W "$versions" -- "$1"))
}

_strata() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=
  ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
  local valued=" @VALUED@ " path= word i arguments=0
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=${COMP_WORDS[i]}
    if [[ $word == -* ]]; then
      [[ $valued == *" $word "* ]] && i=$((i + 1))
      continue
    fi
    if [[ " $(_strata_subcommands "$path") " == *" $word "* ]]; then
      path=${path:+$path }$word
    else
      arguments=$((arguments + 1))
    fi
  done
  local global=" @GLOBAL@ " options= versions= version_argument=0
  case $path in
@CASES@  esac
  if [[ " $versions " == *" $prev "* ]]; then
    _strata_versions "$cur"
  elif [[ $valued == *" $prev "* ]]; then
    COMPREPLY=($(compgen -f -- "$cur"))
  elif [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$options $global" -- "$cur"))
  elif [[ -n $(_strata_subcommands "$path") ]]; then
    COMPREPLY=($(compgen -W "$(_strata_subcommands "$path")" -- "$cur"))
  elif ((version_argument && arguments == 0)); then
    _strata_versions "$cur"
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}

_strata_subcommands() {
  case $1 in
@SUBCOMMANDS@  esac
}

complete -F _strata strata
)script";

std::string BashScript(const CommandInfo& root, const std::vector<CompletionFacts>& facts) {
  std::string cases, subcommands;
  for (const CompletionFacts& command : facts) {
    std::string pattern = command.path.empty() ? "\"\"" : SingleQuoted(command.path);
    if (!command.path.empty()) {
      cases += fmt::format("    {}) options={} versions={} version_argument={} ;;\n", pattern,
                           SingleQuoted(OptionNames(command.options)), SingleQuoted(JoinWords(command.version_options)),
                           command.version_argument ? 1 : 0);
    }
    std::string names = SubcommandNames(command);
    if (command.path.empty()) names += " help version";  // main.cc answers these before parsing
    if (!names.empty()) subcommands += fmt::format("    {}) echo {} ;;\n", pattern, SingleQuoted(names));
  }
  // `strata help COMMAND`
  subcommands += fmt::format("    help) echo {} ;;\n", SingleQuoted(SubcommandNames(facts.front())));
  std::vector<const OptionInfo*> global;
  for (const OptionInfo& option : root.options) global.push_back(&option);
  std::string script = kBashScript;
  auto replace = [&script](const std::string& key, const std::string& value) {
    script.replace(script.find(key), key.size(), value);
  };
  replace("@VALUED@", ValuedOptions(root));
  replace("@GLOBAL@", OptionNames(global));
  replace("@CASES@", cases);
  replace("@SUBCOMMANDS@", subcommands);
  return script;
}

// zsh: `_describe` shows each candidate with its help.
std::string ZshDescribed(const std::string& name, const std::string& description) {
  std::string escaped;
  for (char c : name) escaped += c == ':' ? std::string("\\:") : std::string(1, c);
  return SingleQuoted(escaped + ":" + description);
}

constexpr const char* kZshScript = R"script(#compdef strata
# zsh completion for strata, generated from its command-line definition by `strata completion zsh`.
# Install: copy to a directory on $fpath as _strata, or `source <(strata completion zsh)`.

# Versions from the migrations directory the line configures (--dir, --config, STRATA_DIR, strata.toml).
_strata_versions() {
  local -a where versions
  local i
  for ((i = 2; i < CURRENT; i++)); do
    case ${words[i]} in
      --dir|--config) where+=(${words[i]} ${words[i+1]}) ;;
      --dir=*|--config=*) where+=(${words[i]}) ;;
    esac
  done
  versions=(${(f)"$(_call_program versions ${words[1]} ${(q)where[@]} __complete versions 2>/dev/null)"})
  versions=(${versions//:/\\:})
  versions=(${versions/$'\t'/:})
  _describe -t versions 'migration version' versions
}

_strata_subcommands() {
  reply=()
  case $1 in
@SUBCOMMANDS@  esac
}

_strata() {
  local valued=" @VALUED@ " command_path= word i arguments=0
  local -a reply
  for ((i = 2; i < CURRENT; i++)); do
    word=${words[i]}
    if [[ $word == -* ]]; then
      [[ $valued == *" $word "* ]] && i=$((i + 1))
      continue
    fi
    _strata_subcommands "$command_path"
    if (( ${reply[(I)${(q)word}:*]} )); then
      command_path=${command_path:+$command_path }$word
    else
      arguments=$((arguments + 1))
    fi
  done
  local cur=${words[CURRENT]} prev=${words[CURRENT-1]} versions= version_argument=0
  local -a options global
  global=(@GLOBAL@)
  case $command_path in
@CASES@  esac
  if [[ " $versions " == *" $prev "* ]]; then
    _strata_versions
  elif [[ $valued == *" $prev "* ]]; then
    _files
  elif [[ $cur == -* ]]; then
    _describe -t options 'option' options -- global
  else
    _strata_subcommands "$command_path"
    if (( $#reply )); then
      _describe -t commands 'strata command' reply
    elif (( version_argument && arguments == 0 )); then
      _strata_versions
    else
      _files
    fi
  fi
}

if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _strata "$@"
else
  compdef _strata strata
fi
)script";

std::string ZshOptions(const std::vector<const OptionInfo*>& options) {
  std::string text;
  for (const OptionInfo* option : options) {
    for (const std::string& name : option->names) text.append(" ").append(ZshDescribed(name, option->description));
  }
  return text;
}

std::string ZshScript(const CommandInfo& root, const std::vector<CompletionFacts>& facts) {
  std::string cases, subcommands;
  for (const CompletionFacts& command : facts) {
    std::string pattern = command.path.empty() ? "\"\"" : SingleQuoted(command.path);
    if (!command.path.empty()) {
      cases += fmt::format("    {}) options=({} ) versions={} version_argument={} ;;\n", pattern,
                           ZshOptions(command.options), SingleQuoted(JoinWords(command.version_options)),
                           command.version_argument ? 1 : 0);
    }
    std::string names;
    for (const CommandInfo* sub : command.subcommands) {
      names.append(" ").append(ZshDescribed(sub->path.substr(sub->path.rfind(' ') + 1), sub->description));
    }
    if (command.path.empty()) {
      names.append(" ").append(ZshDescribed("help", "Print the help, or one command's"));
      names.append(" ").append(ZshDescribed("version", "Print the version"));
      std::string help;
      for (const CommandInfo* sub : command.subcommands) help.append(" ").append(SingleQuoted(sub->path + ":" + sub->description));
      subcommands += fmt::format("    help) reply=({} ) ;;\n", help);
    }
    if (!names.empty()) subcommands += fmt::format("    {}) reply=({} ) ;;\n", pattern, names);
  }
  std::vector<const OptionInfo*> global;
  for (const OptionInfo& option : root.options) global.push_back(&option);
  std::string script = kZshScript;
  auto replace = [&script](const std::string& key, const std::string& value) {
    script.replace(script.find(key), key.size(), value);
  };
  replace("@SUBCOMMANDS@", subcommands);
  replace("@VALUED@", ValuedOptions(root));
  replace("@GLOBAL@", ZshOptions(global));
  replace("@CASES@", cases);
  return script;
}

constexpr const char* kFishScript =
    R"script(# fish completion for strata, generated from its command-line definition by `strata completion fish`.
# Install: copy to ~/.config/fish/completions/strata.fish, or `strata completion fish | source`.

function __strata_subcommands
    switch "$argv[1]"
@SUBCOMMANDS@    end
end

# The command path typed so far ("lock break"), then the number of arguments after it.
function __strata_path
    set -l valued @VALUED@
    set -l words (commandline -opc)
    set -l path ""
    set -l arguments 0
    set -l skip 0
    for word in $words[2..-1]
        if test $skip = 1
            set skip 0
        else if string match -q -- '-*' $word
            contains -- $word $valued; and set skip 1
        else if contains -- $word (__strata_subcommands "$path" | string split " ")
            set path (string trim -- "$path $word")
        else
            set arguments (math $arguments + 1)
        end
    end
    echo $path
    echo $arguments
end

function __strata_is
    set -l state (__strata_path)
    test "$state[1]" = "$argv[1]"
end

function __strata_wants_version
    set -l state (__strata_path)
    test "$state[1]" = "$argv[1]"; and test "$state[2]" = 0
end

# Versions from the migrations directory the line configures (--dir, --config, STRATA_DIR, strata.toml).
function __strata_versions
    set -l words (commandline -opc)
    set -l where
    for i in (seq 2 (count $words))
        switch $words[$i]
            case --dir --config
                set -a where $words[$i] $words[(math $i + 1)]
            case '--dir=*' '--config=*'
                set -a where $words[$i]
        end
    end
    command $words[1] $where __complete versions 2>/dev/null
end

complete -c strata -f
@COMPLETIONS@)script";

std::string FishQuoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string FishOption(const OptionInfo& option, const std::string& condition) {
  std::string line = "complete -c strata";
  if (!condition.empty()) line += " -n " + FishQuoted(condition);
  for (const std::string& name : option.names) {
    line += (name.rfind("--", 0) == 0 ? " -l " : " -s ") + name.substr(name.rfind('-') == 0 ? 1 : 2);
  }
  if (option.TakesVersion()) {
    line += " -x -a '(__strata_versions)'";
  } else if (!option.value.empty()) {
    line += " -r -F";
  }
  return line + " -d " + FishQuoted(option.description) + "\n";
}

std::string FishScript(const CommandInfo& root, const std::vector<CompletionFacts>& facts) {
  std::string subcommands, completions;
  for (const OptionInfo& option : root.options) completions += FishOption(option, "");
  for (const CompletionFacts& command : facts) {
    std::string is = "__strata_is " + SingleQuoted(command.path);
    std::string names = SubcommandNames(command);
    if (command.path.empty()) names += " help version";
    if (!names.empty()) {
      subcommands += fmt::format("        case {}\n            echo {}\n",
                                 command.path.empty() ? "''" : FishQuoted(command.path), names);
    }
    for (const CommandInfo* sub : command.subcommands) {
      completions += fmt::format("complete -c strata -n {} -a {} -d {}\n", FishQuoted(is),
                                 sub->path.substr(sub->path.rfind(' ') + 1), FishQuoted(sub->description));
    }
    for (const OptionInfo* option : command.options) {
      if (!command.path.empty()) completions += FishOption(*option, is);
    }
    if (command.version_argument) {
      completions += fmt::format("complete -c strata -n {} -x -a '(__strata_versions)'\n",
                                 FishQuoted("__strata_wants_version " + SingleQuoted(command.path)));
    } else if (command.subcommands.empty() && !command.path.empty()) {
      completions += fmt::format("complete -c strata -n {} -F\n", FishQuoted(is));
    }
  }
  completions += "complete -c strata -n '__strata_is help' -a " + FishQuoted(SubcommandNames(facts.front())) + "\n";
  completions += "complete -c strata -n \"__strata_is ''\" -a help -d 'Print the help, or one command\\'s'\n";
  completions += "complete -c strata -n \"__strata_is ''\" -a version -d 'Print the version'\n";
  subcommands += fmt::format("        case help\n            echo {}\n", SubcommandNames(facts.front()));
  std::string script = kFishScript;
  auto replace = [&script](const std::string& key, const std::string& value) {
    script.replace(script.find(key), key.size(), value);
  };
  replace("@SUBCOMMANDS@", subcommands);
  replace("@VALUED@", ValuedOptions(root));
  replace("@COMPLETIONS@", completions);
  return script;
}

}  // namespace

std::optional<std::string> CompletionScript(const CommandInfo& root, const std::string& shell) {
  std::vector<CompletionFacts> facts = CollectFacts(root);
  if (shell == "bash") return BashScript(root, facts);
  if (shell == "zsh") return ZshScript(root, facts);
  if (shell == "fish") return FishScript(root, facts);
  return std::nullopt;
}

}  // namespace strata::cli
